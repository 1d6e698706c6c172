package dev.berth.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker registry (Debian's {@code docker-registry}, the CNCF distribution) that wants a
 * password, on a free port of 127.0.0.1 — which Docker Engine speaks plain HTTP to without
 * configuration. {@link #login()} writes a Docker config.json the way {@code docker login} does.
 */
public final class PrivateRegistry implements AutoCloseable {
    public static final String USER = "berth-puller";
    public static final String PASSWORD = "correct-horse-battery";
    // bcrypt of PASSWORD (htpasswd -nbB); a constant so the test needs no htpasswd tool.
    private static final String HTPASSWD = USER + ":$2y$05$8lz.OJJGVyYr4MxidwN1QufR20gcNCgf0B3vbz.CMYdqLso2Hrn2u\n";
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Path directory;
    private final Process process;
    private final String host;

    private PrivateRegistry(Path directory, Process process, String host) {
        this.directory = directory;
        this.process = process;
        this.host = host;
    }

    public static PrivateRegistry start(Path directory) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry (./berth test installs it)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        Files.writeString(directory.resolve("htpasswd"), HTPASSWD);
        Path config = directory.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                auth:
                  htpasswd:
                    realm: berth-test
                    path: %s
                """.formatted(directory.resolve("data"), host, directory.resolve("htpasswd")));
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("registry.log").toFile()).start();
        PrivateRegistry registry = new PrivateRegistry(directory, process, host);
        registry.awaitListening();
        return registry;
    }

    private void awaitListening() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("registry.log")));
            }
            try {
                int status = client.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("docker-registry did not answer on " + host + " within 20 s");
    }

    /** host:port, as it starts an image reference. */
    public String host() {
        return host;
    }

    /** Logs in with the Docker CLI into a config directory of its own and returns that config.json. */
    public Path login() {
        Path configDirectory = directory.resolve("docker-config");
        try {
            Files.createDirectories(configDirectory);
            Process login = new ProcessBuilder("docker", "--config", configDirectory.toString(), "login", host,
                    "-u", USER, "--password-stdin").redirectErrorStream(true).start();
            login.getOutputStream().write(PASSWORD.getBytes(StandardCharsets.UTF_8));
            login.getOutputStream().close();
            String output = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!login.waitFor(60, TimeUnit.SECONDS) || login.exitValue() != 0) {
                throw new IllegalStateException("docker login " + host + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return configDirectory.resolve("config.json");
    }

    /** Pushes a local image under {@code name} (a path in this registry) and removes the local tag. */
    public String push(String localImage, String name) {
        Path config = login().getParent();
        String reference = host + "/" + name;
        DockerCli.run("tag", localImage, reference);
        DockerCli.run("--config", config.toString(), "push", reference);
        DockerCli.run("rmi", reference);
        return reference;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
