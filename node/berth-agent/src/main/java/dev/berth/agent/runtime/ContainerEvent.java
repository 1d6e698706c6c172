package dev.berth.agent.runtime;

import java.util.Map;

/**
 * @param containerId the container
 * @param action the engine's word: start, die, oom, health_status: healthy, …
 * @param labels the container's labels
 */
public record ContainerEvent(String containerId, String action, Map<String, String> labels) {
}
