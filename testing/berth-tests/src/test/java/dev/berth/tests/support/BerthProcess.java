package dev.berth.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code berth up} as its own operating-system process, started from this JVM's classpath with the
 * same java: for what only a real process shows (a kill -9, a signal, what it prints).
 */
public final class BerthProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms .* on (http://\\S+)");

    private final Process process;
    private final List<String> output;
    private final URI endpoint;
    private final long readyMillis;

    private final Thread reader;

    private BerthProcess(Process process, Thread reader, List<String> output, URI endpoint, long readyMillis) {
        this.process = process;
        this.reader = reader;
        this.output = output;
        this.endpoint = endpoint;
        this.readyMillis = readyMillis;
    }

    /** Starts {@code berth up --port 0 --data-dir DATADIR EXTRA...} and waits until it says it is ready. */
    public static BerthProcess up(Path dataDir, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString()));
        List<String> extraArguments = List.of(extra);
        if (!extraArguments.contains("--port")) {
            arguments.addAll(List.of("--port", "0"));
        }
        arguments.addAll(extraArguments);
        return start(arguments, READY, "Stop: Ctrl-C");
    }

    /** Starts {@code berth agent --server SERVER --data-dir DATADIR EXTRA...} and waits until it says it is joining. */
    public static BerthProcess agent(URI server, Path dataDir, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("agent", "--server", server.toString(), "--data-dir",
                dataDir.toString(), "--container-stop-timeout", "2"));
        arguments.addAll(List.of(extra));
        return start(arguments, Pattern.compile("joining cluster (\\S+) at (\\S+)"), "joining cluster");
    }

    /**
     * A {@code berth agent} process that registered with a server on {@code port} over
     * {@code serverData}, a server that is stopped again before this returns: the test then starts
     * and kills servers around an agent that lives through them, as in production.
     */
    public static BerthProcess agentOutlivingItsServer(Path serverData, int port, Path agentData) {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try (BerthProcess first = up(serverData, "--no-agent", "--port", Integer.toString(port))) {
            BerthProcess agent = agent(endpoint, agentData);
            try (EcsTasks ecs = new EcsTasks(endpoint)) {
                ecs.awaitOnlyInstance(true);
            }
            first.terminate();
            return agent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A TCP port free right now, for a server that must come back on the same one after a restart. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BerthProcess start(List<String> arguments, Pattern readyPattern, String lastLine) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.berth.dist.Main"));
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                Matcher readyLine = null;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    Matcher matcher = readyPattern.matcher(line);
                    if (matcher.find()) {
                        readyLine = matcher;
                    }
                    if (readyLine != null && line.contains(lastLine)) {
                        ready.complete(readyLine); // the whole banner has been printed
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            ready.completeExceptionally(new IllegalStateException("berth " + arguments.get(0)
                    + " exited before it was ready:\n" + String.join("\n", output)));
        });
        try {
            Matcher matcher = ready.get(60, TimeUnit.SECONDS);
            boolean server = readyPattern == READY;
            return new BerthProcess(process, reader, output, URI.create(matcher.group(2)),
                    server ? Long.parseLong(matcher.group(1)) : 0);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("berth " + arguments.get(0) + " did not become ready: " + String.join("\n", output), e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public long readyMillis() {
        return readyMillis;
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code once it has stopped. */
    public int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of its output right away.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("berth did not stop within 30 s of SIGTERM");
        }
        reader.join(5_000); // everything it printed has been read
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
