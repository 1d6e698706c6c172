package dev.berth.ecs.service.rollout;

/** ECS's {@code rolloutState} of a deployment. */
public enum RolloutState {
    IN_PROGRESS, COMPLETED, FAILED
}
