package dev.berth.agent.core;

import dev.berth.agent.runtime.ContainerState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ECS's dependsOn conditions, evaluated against what the engine says now. Pure. */
final class Dependencies {
    private Dependencies() {
    }

    /** Where a container stands with respect to its dependencies. */
    sealed interface Verdict {
        record Ready() implements Verdict {
        }

        record Waiting(String on) implements Verdict {
        }

        record Impossible(String reason) implements Verdict {
        }
    }

    /**
     * @param states the engine's view of each started or created container, by ECS name
     * @param started the ECS names of the containers that have been started
     */
    static Verdict check(TaskPlan.ContainerPlan container, Map<String, ContainerState> states, Set<String> started) {
        for (Map.Entry<String, String> dependency : container.dependsOn().entrySet()) {
            String on = dependency.getKey();
            ContainerState state = states.get(on);
            boolean exited = state != null && state.exited();
            switch (dependency.getValue()) {
                case "START" -> {
                    if (!started.contains(on)) {
                        return new Verdict.Waiting(on + " to start");
                    }
                }
                case "COMPLETE" -> {
                    if (!exited) {
                        return new Verdict.Waiting(on + " to complete");
                    }
                }
                case "SUCCESS" -> {
                    if (!exited) {
                        return new Verdict.Waiting(on + " to exit successfully");
                    }
                    if (state.exitCode() == null || state.exitCode() != 0) {
                        return new Verdict.Impossible("dependency " + on + " exited with code " + state.exitCode()
                                + ", but " + container.name() + " depends on its SUCCESS");
                    }
                }
                case "HEALTHY" -> {
                    if (state == null || !"HEALTHY".equals(state.health())) {
                        if (state != null && "UNHEALTHY".equals(state.health())) {
                            return new Verdict.Impossible("dependency " + on + " is UNHEALTHY, but " + container.name()
                                    + " depends on it being HEALTHY");
                        }
                        if (exited) {
                            return new Verdict.Impossible("dependency " + on + " exited before it was HEALTHY");
                        }
                        return new Verdict.Waiting(on + " to be HEALTHY");
                    }
                }
                default -> {
                    return new Verdict.Impossible("unknown dependsOn condition " + dependency.getValue());
                }
            }
        }
        return new Verdict.Ready();
    }

    /** The order to stop containers in: dependents before what they depend on (the reverse of start). */
    static List<TaskPlan.ContainerPlan> stopOrder(List<TaskPlan.ContainerPlan> containers) {
        Set<String> placed = new LinkedHashSet<>();
        List<TaskPlan.ContainerPlan> startOrder = new ArrayList<>();
        while (startOrder.size() < containers.size()) {
            boolean progress = false;
            for (TaskPlan.ContainerPlan container : containers) {
                if (!placed.contains(container.name()) && placed.containsAll(container.dependsOn().keySet())) {
                    placed.add(container.name());
                    startOrder.add(container);
                    progress = true;
                }
            }
            if (!progress) {
                containers.stream().filter(c -> !placed.contains(c.name())).forEach(startOrder::add); // validation forbids cycles
                break;
            }
        }
        List<TaskPlan.ContainerPlan> reversed = new ArrayList<>(startOrder);
        java.util.Collections.reverse(reversed);
        return reversed;
    }
}
