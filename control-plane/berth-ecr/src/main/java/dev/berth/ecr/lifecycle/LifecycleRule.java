package dev.berth.ecr.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a lifecycle policy. Its action is always expire: Berth has no archive storage class.
 *
 * @param description null when the policy text has none
 * @param tagPrefixList prefixes that must each start some tag of the image; only for tagged rules, else empty
 * @param tagPatternList patterns, {@code *} matching any run of characters, that must each match a whole tag
 *     of the image; only for tagged rules, else empty
 * @param countNumber images to keep ({@link CountType#IMAGE_COUNT_MORE_THAN}) or days
 *     ({@link CountType#SINCE_IMAGE_PUSHED})
 */
public record LifecycleRule(int rulePriority, String description, TagStatus tagStatus, List<String> tagPrefixList,
                            List<String> tagPatternList, CountType countType, int countNumber) {
    public LifecycleRule {
        Objects.requireNonNull(tagStatus, "tagStatus");
        Objects.requireNonNull(countType, "countType");
        tagPrefixList = List.copyOf(tagPrefixList);
        tagPatternList = List.copyOf(tagPatternList);
    }

    /**
     * Whether the rule's tagging requirements select an image with these tags. Every prefix and every
     * pattern must match some tag ("If you specify multiple tags, only the images with all specified tags
     * are selected"), and one tag may satisfy several of them.
     */
    public boolean selects(List<String> tags) {
        return switch (tagStatus) {
            case ANY -> true;
            case UNTAGGED -> tags.isEmpty();
            case TAGGED -> !tags.isEmpty()
                    && tagPrefixList.stream().allMatch(prefix -> tags.stream().anyMatch(tag -> tag.startsWith(prefix)))
                    && tagPatternList.stream().allMatch(pattern -> tags.stream().anyMatch(tag -> wildcard(pattern, tag)));
        };
    }

    /**
     * Whether {@code pattern} matches all of {@code text}, {@code *} standing for any run of characters
     * (none included). A pattern without {@code *} matches only the identical tag. It backtracks only to the
     * last star, so matching costs at most pattern length × tag length, whatever the stars.
     */
    static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
