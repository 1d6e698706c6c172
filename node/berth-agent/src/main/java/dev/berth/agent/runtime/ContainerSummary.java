package dev.berth.agent.runtime;

import java.util.Map;

/**
 * @param id the container id
 * @param name its name (without the leading '/')
 * @param labels its labels
 * @param running whether it runs now
 */
public record ContainerSummary(String id, String name, Map<String, String> labels, boolean running) {
}
