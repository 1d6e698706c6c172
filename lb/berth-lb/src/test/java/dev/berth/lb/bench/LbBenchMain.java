package dev.berth.lb.bench;

import dev.berth.lb.DataPlane;
import dev.berth.lb.DataPlaneOptions;
import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.config.HealthCheckSpec;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.ListenerSpec;
import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data plane alone, for bench/lb.sh: one listener on 127.0.0.1:PORT whose default rule
 * forwards to one target group of the given backends (health checks off, so they take traffic at
 * once). Usage: {@code LbBenchMain PORT EVENT_LOOPS HOST:PORT...}. Prints "ready" when serving.
 */
public final class LbBenchMain {
    private LbBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        dev.berth.lb.support.Logs.quiet();
        int port = Integer.parseInt(args[0]);
        int loops = Integer.parseInt(args[1]);
        List<TargetSpec> targets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] hp = args[i].split(":");
            targets.add(new TargetSpec("backend-" + (i - 1), hp[0], Integer.parseInt(hp[1]), false, HealthState.HEALTHY));
        }
        String tg = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/bench/0123456789abcdef";
        TargetGroupSpec group = new TargetGroupSpec(tg, TargetGroupSpec.Algorithm.ROUND_ROBIN, Duration.ZERO,
                Duration.ofSeconds(5), new HealthCheckSpec(false, "/", null, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 2, 2, "200"), targets);
        ListenerSpec listener = new ListenerSpec("arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/bench/1/1",
                "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/bench/1", "127.0.0.1", port,
                List.of(new RuleSpec("default", RuleSpec.DEFAULT_PRIORITY, List.of(), ActionSpec.Forward.to(tg))));
        DataPlane plane = new DataPlane(DataPlaneOptions.defaults().withEventLoops(loops), new DataPlaneListener() {
            @Override
            public void healthChanged(String targetGroupArn, String targetKey, TargetHealth health) {
            }

            @Override
            public void drained(String targetGroupArn, String targetKey) {
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(plane::close));
        plane.apply(new DataPlaneConfig(List.of(listener), Map.of(tg, group)));
        System.out.println("ready on port " + plane.port(listener.arn()) + " (" + loops + " event loops, "
                + (plane.nativeTransport() ? "epoll" : "nio") + ")");
        Thread.currentThread().join();
    }
}
