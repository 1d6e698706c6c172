package dev.berth.ecr.lifecycle;

import java.util.Optional;

/** How a rule counts the images it selects. */
public enum CountType {
    /** Keep the newest countNumber images, by push time; expire the rest. */
    IMAGE_COUNT_MORE_THAN("imageCountMoreThan"),
    /** Expire images pushed more than countNumber days ago. */
    SINCE_IMAGE_PUSHED("sinceImagePushed");

    private final String wireName;

    CountType(String wireName) {
        this.wireName = wireName;
    }

    /** The value in policy text. */
    public String wireName() {
        return wireName;
    }

    public static Optional<CountType> fromWire(String value) {
        for (CountType type : values()) {
            if (type.wireName.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
