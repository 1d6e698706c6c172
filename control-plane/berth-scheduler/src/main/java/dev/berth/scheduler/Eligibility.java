package dev.berth.scheduler;

import dev.berth.scheduler.cluster.Instance;
import dev.berth.scheduler.cluster.Port;
import dev.berth.scheduler.cluster.Protocol;

/**
 * The checks an instance must pass to take one copy of a request's task, in the order
 * {@link Reason} documents. A function of the instance alone: placing a copy on one instance
 * never changes whether another can take the next, which is what lets the scheduler keep its
 * candidates in an index and re-check only the instance it just used.
 */
final class Eligibility {
    private final String group;
    private final Constraint[] constraints;
    private final String[] requiredAttributes;
    private final int cpu;
    private final int memory;
    private final Port[] tcpPorts;
    private final Port[] udpPorts;

    Eligibility(PlacementRequest request) {
        TaskDemand task = request.task();
        this.group = task.group();
        this.constraints = request.constraints().toArray(Constraint[]::new);
        this.requiredAttributes = task.requiredAttributes().stream().sorted().toArray(String[]::new);
        this.cpu = task.cpu();
        this.memory = task.memory();
        this.tcpPorts = task.hostPorts().stream().filter(port -> port.protocol() == Protocol.TCP).toArray(Port[]::new);
        this.udpPorts = task.hostPorts().stream().filter(port -> port.protocol() == Protocol.UDP).toArray(Port[]::new);
    }

    /** The first check the instance fails, or null when it can take a copy. */
    Reason firstFailure(Instance instance) {
        for (Constraint constraint : constraints) {
            Reason failed = switch (constraint) {
                case Constraint.DistinctInstance distinct -> instance.tasksOf(group) > 0 ? Reason.DISTINCT_INSTANCE : null;
                case Constraint.MemberOf memberOf -> memberOf.expression().matches(instance) ? null : Reason.MEMBER_OF;
            };
            if (failed != null) {
                return failed;
            }
        }
        for (String attribute : requiredAttributes) {
            if (!instance.attributes().containsKey(attribute)) {
                return Reason.ATTRIBUTE;
            }
        }
        if (instance.remainingCpu() < cpu) {
            return Reason.CPU;
        }
        if (instance.remainingMemory() < memory) {
            return Reason.MEMORY;
        }
        if (anyReserved(instance, tcpPorts)) {
            return Reason.PORTS;
        }
        if (anyReserved(instance, udpPorts)) {
            return Reason.PORTS_UDP;
        }
        return null;
    }

    private static boolean anyReserved(Instance instance, Port[] ports) {
        for (Port port : ports) {
            if (instance.reservedPorts().contains(port)) {
                return true;
            }
        }
        return false;
    }
}
