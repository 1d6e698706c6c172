package dev.berth.lb.config;

import java.util.List;
import java.util.Map;

/**
 * Everything the data plane serves, as one value: applying a new one replaces the old whole.
 *
 * @param listeners the listeners to serve, each on its own port
 * @param targetGroups target groups by ARN; a group no rule forwards to is not health-checked
 *     (ELB reports its targets {@code unused} / {@code Target.NotInUse})
 */
public record DataPlaneConfig(List<ListenerSpec> listeners, Map<String, TargetGroupSpec> targetGroups) {
    public DataPlaneConfig {
        listeners = List.copyOf(listeners);
        targetGroups = Map.copyOf(targetGroups);
    }

    public static DataPlaneConfig empty() {
        return new DataPlaneConfig(List.of(), Map.of());
    }
}
