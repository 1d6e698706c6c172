package dev.berth.ecs.service.rollout;

/**
 * One entry of a capacityProviderStrategy: the first {@code base} tasks go to this provider, the
 * rest are split between the providers by {@code weight}.
 */
public record ProviderShare(String provider, int base, int weight) {
}
