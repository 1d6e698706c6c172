package dev.berth.ecr.lifecycle;

import java.util.List;

/**
 * One rule of a lifecycle policy.
 *
 * @param tagPrefixList prefixes that must each start some tag of the image (tagged rules; else empty)
 * @param tagPatternList patterns with {@code *} that must each match some tag of the image (tagged rules; else empty)
 * @param countNumber images to keep ({@link CountType#IMAGE_COUNT_MORE_THAN}) or days ({@link CountType#SINCE_IMAGE_PUSHED})
 */
public record LifecycleRule(int rulePriority, String description, TagStatus tagStatus, List<String> tagPrefixList,
                            List<String> tagPatternList, CountType countType, int countNumber) {
    public LifecycleRule {
        tagPrefixList = List.copyOf(tagPrefixList);
        tagPatternList = List.copyOf(tagPatternList);
    }

    /** Whether the rule's tagging requirements select the image. */
    public boolean selects(List<String> tags) {
        return switch (tagStatus) {
            case ANY -> true;
            case UNTAGGED -> tags.isEmpty();
            case TAGGED -> !tags.isEmpty()
                    && tagPrefixList.stream().allMatch(prefix -> tags.stream().anyMatch(tag -> tag.startsWith(prefix)))
                    && tagPatternList.stream().allMatch(pattern -> tags.stream().anyMatch(tag -> wildcard(pattern, tag)));
        };
    }

    /** {@code *} matches any run of characters, everything else itself. */
    static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
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
