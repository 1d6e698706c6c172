package dev.berth.ecr.lifecycle;

/** How a rule counts: keep the newest N ({@code imageCountMoreThan}) or expire after N days ({@code sinceImagePushed}). */
public enum CountType {
    IMAGE_COUNT_MORE_THAN, SINCE_IMAGE_PUSHED
}
