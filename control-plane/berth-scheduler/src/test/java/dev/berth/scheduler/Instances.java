package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A builder for test instances: {@code Instances.id("a").zone("us-east-1a").memory(512).build()}. */
final class Instances {
    private final String id;
    private final Map<String, String> attributes = new HashMap<>();
    private final Map<String, String> fields = new HashMap<>();
    private int cpu = 4096;
    private int memory = 8192;
    private final Set<Port> ports = new HashSet<>();
    private final Map<String, Integer> tasks = new HashMap<>();

    private Instances(String id) {
        this.id = id;
    }

    static Instances id(String id) {
        return new Instances(id);
    }

    Instances zone(String zone) {
        return attribute("ecs.availability-zone", zone);
    }

    Instances attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    Instances field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    Instances cpu(int remaining) {
        cpu = remaining;
        return this;
    }

    Instances memory(int remaining) {
        memory = remaining;
        return this;
    }

    Instances reserved(Port... reserved) {
        ports.addAll(List.of(reserved));
        return this;
    }

    Instances tasks(String group, int count) {
        tasks.put(group, count);
        return this;
    }

    Instance build() {
        return new Instance(id, attributes, fields, cpu, memory, ports, tasks);
    }
}
