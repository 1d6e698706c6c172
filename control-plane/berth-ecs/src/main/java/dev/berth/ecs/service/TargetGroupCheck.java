package dev.berth.ecs.service;

/**
 * What ECS asks of ELB when a service names a target group: that it exists and a load balancer
 * routes to it. Implemented by the ELB front door; ECS alone accepts any ARN.
 */
@FunctionalInterface
public interface TargetGroupCheck {
    TargetGroupCheck NONE = (arn, field) -> { };

    /**
     * @param field the request field that named it, for the error message
     * @throws dev.berth.domain.error.ApiException InvalidParameterException naming the problem
     */
    void verify(String targetGroupArn, String field);
}
