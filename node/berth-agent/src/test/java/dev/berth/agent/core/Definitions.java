package dev.berth.agent.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** Task definitions for tests, written as the JSON ECS stores, and the plans the agent makes of them. */
final class Definitions {
    static final String CLUSTER = "default";
    static final String INSTANCE = "6f1e0c3b9a2d4e5f8a7b6c5d4e3f2a1b";
    static final String TASK_ID = "0123456789abcdef0123456789abcdef";
    /** The prefix of every engine name of {@link #TASK_ID} in a family named "web". */
    static final String WEB_PREFIX = "berth-web-0123456789ab";
    static final Duration AGENT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Definitions() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    static TaskPlan plan(String definition) {
        return TaskPlans.plan(CLUSTER, INSTANCE, TASK_ID, json(definition), AGENT_STOP_TIMEOUT);
    }

    /** A one-container task of family "web" whose container "app" is {@code container} plus name and image. */
    static TaskPlan.ContainerPlan container(String networkMode, String container) {
        String members = container.isBlank() ? "" : ", " + container;
        return plan("""
                {"family": "web", "revision": 1, "networkMode": "%s",
                 "containerDefinitions": [{"name": "app", "image": "app:1"%s}]}
                """.formatted(networkMode, members)).containers().getFirst();
    }

    static TaskPlan.ContainerPlan container(String container) {
        return container("bridge", container);
    }
}
