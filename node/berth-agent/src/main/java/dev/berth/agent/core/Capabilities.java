package dev.berth.agent.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ECS attributes this agent advertises: what a task definition's requiresAttributes are
 * matched against at placement. Only what Berth honours is claimed; a task that needs more is
 * refused placement with reason ATTRIBUTE rather than started without it. (Secrets, environment
 * files and private-registry credentials are claimed once Berth resolves them.)
 */
public final class Capabilities {
    private Capabilities() {
    }

    static Map<String, String> attributes(String architecture, String availabilityZone) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ecs.os-type", "linux");
        attributes.put("ecs.os-family", "LINUX");
        attributes.put("ecs.cpu-architecture", architecture.contains("aarch64") || architecture.contains("arm64")
                ? "arm64" : "x86_64");
        attributes.put("ecs.availability-zone", availabilityZone);
        attributes.put("ecs.instance-type", "berth");
        for (int minor = 17; minor <= 41; minor++) {
            attributes.put("com.amazonaws.ecs.capability.docker-remote-api.1." + minor, "");
        }
        for (String driver : new String[] {"json-file", "awslogs", "syslog", "journald", "gelf", "fluentd", "none"}) {
            attributes.put("com.amazonaws.ecs.capability.logging-driver." + driver, "");
        }
        for (String capability : new String[] {"com.amazonaws.ecs.capability.privileged-container",
            "com.amazonaws.ecs.capability.task-iam-role", "com.amazonaws.ecs.capability.task-iam-role-network-host",
            "ecs.capability.task-eni", "ecs.capability.container-health-check", "ecs.capability.container-ordering",
            "ecs.capability.execution-role-awslogs", "ecs.capability.docker-plugin.local", "ecs.capability.task-cpu-mem-limit",
            "ecs.capability.pid-ipc-namespace-sharing"}) {
            attributes.put(capability, "");
        }
        return attributes;
    }
}
