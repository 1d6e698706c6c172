package dev.berth.lb.health;

import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks every registered target of the target groups in use, as ELB does, and reports each
 * change of a target's {@link TargetHealth}: the data plane routes by it and the control plane
 * shows it in DescribeTargetHealth.
 *
 * <ul>
 *   <li>A new target reports {@link TargetHealth#REGISTERING} at once and turns healthy on its
 *       first passing check, or unhealthy after {@code unhealthyThreshold} failures in a row; an
 *       unhealthy one needs {@code healthyThreshold} passes in a row, a healthy one
 *       {@code unhealthyThreshold} failures (see {@link HealthMachine}).
 *   <li>A target whose last known state is healthy or unhealthy resumes from it without a report,
 *       so restarting the data plane does not send healthy targets back to initial. One last
 *       known as unused or unavailable that still is so is not reported again either.
 *   <li>The targets of a group no rule forwards to are {@link TargetHealth#NOT_IN_USE}; with
 *       checks disabled they are {@link TargetHealth#DISABLED}. Neither is checked.
 *   <li>Draining targets are neither checked nor reported: the proxy reports them.
 * </ul>
 * Only changes are reported, never the same health twice in a row for a target.
 *
 * <p>Threading: {@link #apply} and {@link #close} may be called from any thread. Checks and
 * reports run on the data plane's event loops; each target stays on one loop, so its reports
 * arrive in order. The observer must not block. No report starts once {@link #close} has
 * returned.
 */
public final class HealthChecker implements AutoCloseable {
    /** Told each change of a target's health, on an event loop thread. */
    public interface Observer {
        void changed(String targetGroupArn, String targetKey, TargetHealth health);
    }

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final Observer observer;
    private volatile boolean closed;
    /** Guarded by this. */
    private Map<TargetId, CheckedTarget> targets = new HashMap<>();

    /**
     * @param group the data plane's event loops (NIO or epoll); checks share them with the proxy
     * @throws IllegalArgumentException when the group's transport is neither NIO nor epoll
     */
    public HealthChecker(EventLoopGroup group, Observer observer) {
        this.group = group;
        this.channelClass = Transports.socketChannel(group);
        this.observer = (groupArn, targetKey, health) -> {
            if (!closed) {
                observer.changed(groupArn, targetKey, health);
            }
        };
    }

    /**
     * Makes the checks match this configuration: new targets start being checked, removed ones
     * stop, remaining ones keep their health and counters and pick up changed settings.
     *
     * @param groups every target group by ARN
     * @param groupsInUse the ARNs of the groups some listener rule forwards to
     * @throws IllegalArgumentException when a group's health check cannot be run (a bad matcher);
     *     nothing changes then
     */
    public synchronized void apply(Map<String, TargetGroupSpec> groups, Set<String> groupsInUse) {
        if (closed) {
            throw new IllegalStateException("the health checker is closed");
        }
        Map<String, CheckedTarget.Mode> modes = new HashMap<>();
        for (TargetGroupSpec spec : groups.values()) {
            modes.put(spec.arn(), mode(spec, groupsInUse));
        }
        Map<TargetId, CheckedTarget> next = new HashMap<>();
        for (TargetGroupSpec spec : groups.values()) {
            for (TargetSpec target : spec.targets()) {
                TargetId id = new TargetId(spec.arn(), target.key());
                if (target.draining() || next.containsKey(id)) {
                    continue;
                }
                CheckedTarget checked = targets.remove(id);
                if (checked == null) {
                    checked = new CheckedTarget(spec.arn(), target.key(), target.lastKnown(), group.next(),
                            channelClass, observer);
                }
                checked.configure(target, modes.get(spec.arn()));
                next.put(id, checked);
            }
        }
        targets.values().forEach(CheckedTarget::stop);
        targets = next;
    }

    /** Stops every check. Does not close the event loop group, which belongs to the data plane. */
    @Override
    public synchronized void close() {
        closed = true;
        targets.values().forEach(CheckedTarget::stop);
        targets = Map.of();
    }

    private static CheckedTarget.Mode mode(TargetGroupSpec spec, Set<String> groupsInUse) {
        if (!groupsInUse.contains(spec.arn())) {
            return new CheckedTarget.Unchecked(TargetHealth.NOT_IN_USE);
        }
        if (!spec.healthCheck().enabled()) {
            return new CheckedTarget.Unchecked(TargetHealth.DISABLED);
        }
        return new CheckedTarget.Checked(CheckSettings.of(spec.healthCheck()));
    }

    private record TargetId(String groupArn, String targetKey) {
    }
}
