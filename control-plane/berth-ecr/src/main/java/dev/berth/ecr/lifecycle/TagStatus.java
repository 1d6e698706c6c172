package dev.berth.ecr.lifecycle;

import java.util.Optional;

/** Which images a rule selects by their tags. */
public enum TagStatus {
    /** Images with at least one tag that satisfies the rule's tagPrefixList or tagPatternList. */
    TAGGED("tagged"),
    /** Images with no tag at all. */
    UNTAGGED("untagged"),
    /** Every image; only the last rule of a policy may select them. */
    ANY("any");

    private final String wireName;

    TagStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value in policy text: lowercase, unlike the API's TagStatus filter (TAGGED, UNTAGGED, ANY). */
    public String wireName() {
        return wireName;
    }

    public static Optional<TagStatus> fromWire(String value) {
        for (TagStatus status : values()) {
            if (status.wireName.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
