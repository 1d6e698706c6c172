package dev.berth.ecs.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.store.Record;
import org.junit.jupiter.api.Test;

/** How a stored task's container health and its load-balancer targets' health make the health the scheduler counts. */
class ServiceViewsTest {
    private static TaskView view(String extra, String containerHealth) {
        String body = """
                {"taskArn": "arn:aws:ecs:us-east-1:000000000000:task/default/t1", "lastStatus": "RUNNING",
                 "desiredStatus": "RUNNING", "containerInstanceId": "i1", "startedBy": "ecs-svc/1",
                 "definition": {"containerDefinitions": [{"name": "web", "essential": true %s}]},
                 "containers": [{"name": "web", "healthStatus": "%s"}] %s}"""
                .formatted(containerHealth == null ? "" : ", \"healthCheck\": {\"command\": [\"CMD\", \"true\"]}",
                        containerHealth == null ? "UNKNOWN" : containerHealth, extra);
        return ServiceViews.task(new TaskRecord(new Record("ecs.task", "default/t1", 1, 1, body)));
    }

    @Test
    void aTaskWithoutHealthChecksOrTargetsCountsOnceRunning() {
        TaskView task = view("", null);

        assertThat(task.healthChecked()).isFalse();
    }

    @Test
    void aLoadBalancedTaskWaitsForItsTargetsAndFailsWithThem() {
        assertThat(view(", \"loadBalancerHealth\": \"UNKNOWN\"", null)).satisfies(task -> {
            assertThat(task.healthChecked()).isTrue();
            assertThat(task.health()).isEqualTo(TaskView.Health.UNKNOWN);
        });
        assertThat(view(", \"loadBalancerHealth\": \"HEALTHY\"", null).health()).isEqualTo(TaskView.Health.HEALTHY);
        TaskView failing = view(", \"loadBalancerHealth\": \"UNHEALTHY\", \"loadBalancerUnhealthyIn\": \"arn:tg\"", null);
        assertThat(failing.health()).isEqualTo(TaskView.Health.UNHEALTHY);
        assertThat(failing.failedTargetGroup()).isEqualTo("arn:tg");
    }

    @Test
    void containerAndTargetHealthMustBothPass() {
        assertThat(view(", \"loadBalancerHealth\": \"HEALTHY\"", "UNKNOWN").health()).isEqualTo(TaskView.Health.UNKNOWN);
        assertThat(view(", \"loadBalancerHealth\": \"UNKNOWN\"", "HEALTHY").health()).isEqualTo(TaskView.Health.UNKNOWN);
        assertThat(view(", \"loadBalancerHealth\": \"HEALTHY\"", "HEALTHY").health()).isEqualTo(TaskView.Health.HEALTHY);
        TaskView container = view(", \"loadBalancerHealth\": \"HEALTHY\"", "UNHEALTHY");
        assertThat(container.health()).isEqualTo(TaskView.Health.UNHEALTHY);
        assertThat(container.failedTargetGroup()).isNull();
    }
}
