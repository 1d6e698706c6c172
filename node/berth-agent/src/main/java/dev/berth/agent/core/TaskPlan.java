package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one task runs on this engine, derived purely from its definition (see {@link TaskPlans}).
 *
 * @param taskId the task
 * @param awsvpc whether the task gets a network namespace of its own (held by a sandbox container)
 * @param sandbox the sandbox container to create first, or null
 * @param volumes engine volumes to create before the containers
 * @param containers the task's containers, in definition order
 */
public record TaskPlan(String taskId, boolean awsvpc, ContainerSpec sandbox, List<VolumePlan> volumes,
                       List<ContainerPlan> containers) {

    /**
     * @param dockerName the engine volume's name
     * @param create whether the agent creates it (task-scoped, or shared with autoprovision)
     * @param mustExist whether it must exist already (shared without autoprovision)
     * @param taskScoped whether it belongs to this task alone and goes away with it
     */
    public record VolumePlan(String dockerName, String driver, Map<String, String> options, Map<String, String> labels,
                             boolean create, boolean mustExist, boolean taskScoped) {
    }

    /**
     * @param name the ECS container name
     * @param essential whether its exit stops the task
     * @param dependsOn container name → condition (START, COMPLETE, SUCCESS, HEALTHY)
     * @param startTimeout how long it waits for its dependencies
     * @param stopTimeout how long a stop waits before SIGKILL
     * @param hasHealthCheck whether its definition has a health check
     * @param hostPorts in host mode, the ports it listens on, which are the host's (ECS reports them as bindings)
     * @param spec what the engine creates
     */
    public record ContainerPlan(String name, boolean essential, Map<String, String> dependsOn, Duration startTimeout,
                                Duration stopTimeout, boolean hasHealthCheck, List<ContainerSpec.PortBinding> hostPorts,
                                ContainerSpec spec) {
    }
}
