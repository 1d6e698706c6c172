package dev.berth.lb.support;

import dev.berth.lb.config.ActionSpec;
import dev.berth.lb.config.Condition;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.lb.config.HealthCheckSpec;
import dev.berth.lb.config.HealthState;
import dev.berth.lb.config.ListenerSpec;
import dev.berth.lb.config.RuleSpec;
import dev.berth.lb.config.TargetGroupSpec;
import dev.berth.lb.config.TargetHealth;
import dev.berth.lb.config.TargetSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builders for data-plane configurations and small raw-socket helpers, for the tests. */
public final class Lb {
    public static final String LISTENER = "arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/test/1/1";
    public static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/test/1";

    private Lb() {
    }

    public static String tg(String name) {
        return "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name + "/0123456789abcdef";
    }

    public static HealthCheckSpec checksOff() {
        return new HealthCheckSpec(false, "/", null, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 2, "200");
    }

    public static TargetSpec target(String id, int port) {
        return new TargetSpec(id, "127.0.0.1", port, false, HealthState.INITIAL);
    }

    public static TargetSpec draining(String id, int port) {
        return new TargetSpec(id, "127.0.0.1", port, true, HealthState.HEALTHY);
    }

    public static TargetGroupSpec group(String name, TargetGroupSpec.Algorithm algorithm, TargetSpec... targets) {
        return group(name, algorithm, Duration.ofSeconds(30), targets);
    }

    public static TargetGroupSpec group(String name, TargetGroupSpec.Algorithm algorithm, Duration deregistration,
                                        TargetSpec... targets) {
        return new TargetGroupSpec(tg(name), algorithm, Duration.ZERO, deregistration, checksOff(),
                List.of(targets));
    }

    public static TargetGroupSpec group(String name, TargetSpec... targets) {
        return group(name, TargetGroupSpec.Algorithm.ROUND_ROBIN, targets);
    }

    public static RuleSpec defaultRule(ActionSpec action) {
        return new RuleSpec("rule/default", RuleSpec.DEFAULT_PRIORITY, List.of(), action);
    }

    public static RuleSpec pathRule(int priority, String pattern, ActionSpec action) {
        return new RuleSpec("rule/" + priority, priority, List.of(new Condition.PathPattern(List.of(pattern))), action);
    }

    public static ListenerSpec listener(RuleSpec... rules) {
        return new ListenerSpec(LISTENER, LB, "127.0.0.1", 0, List.of(rules));
    }

    public static DataPlaneConfig config(ListenerSpec listener, TargetGroupSpec... groups) {
        Map<String, TargetGroupSpec> m = new HashMap<>();
        for (TargetGroupSpec g : groups) {
            m.put(g.arn(), g);
        }
        return new DataPlaneConfig(List.of(listener), m);
    }

    /** Forward everything to one group. */
    public static DataPlaneConfig forwardAll(TargetGroupSpec group) {
        return config(listener(defaultRule(ActionSpec.Forward.to(group.arn()))), group);
    }

    /** Records what the data plane reports. */
    public static final class Recorder implements DataPlaneListener {
        public record Health(String group, String key, TargetHealth health) {
        }

        public record Drained(String group, String key, long atNanos) {
        }

        public final List<Health> health = new CopyOnWriteArrayList<>();
        public final List<Drained> drained = new CopyOnWriteArrayList<>();

        @Override
        public void healthChanged(String targetGroupArn, String targetKey, TargetHealth h) {
            health.add(new Health(targetGroupArn, targetKey, h));
        }

        @Override
        public void drained(String targetGroupArn, String targetKey) {
            drained.add(new Drained(targetGroupArn, targetKey, System.nanoTime()));
        }

        public boolean reported(String key, HealthState state) {
            return health.stream().anyMatch(h -> h.key().equals(key) && h.health().state() == state);
        }
    }

    /** Sends raw bytes and reads until the server closes (or the timeout), returning all it sent. */
    public static String raw(int port, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    public static String raw(int port, String request) throws IOException {
        return raw(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one response (head and a Content-Length body) from a keep-alive connection. */
    public static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : 0;
                default -> 0;
            };
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    public static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    public static List<String> lines(String s) {
        return new ArrayList<>(Arrays.asList(s.split("\r\n")));
    }
}
