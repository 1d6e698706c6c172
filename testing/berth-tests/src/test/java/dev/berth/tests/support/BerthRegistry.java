package dev.berth.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Berth's registry as its users reach it: the Docker CLI logged in with
 * {@code aws ecr get-login-password}, in a Docker config directory of its own, and raw HTTP with
 * the same credentials for what the CLI cannot show.
 */
public final class BerthRegistry {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI endpoint;
    private final AwsCli aws;
    private final Path dockerConfig;
    private String password;

    public BerthRegistry(URI endpoint, Path dockerConfig) {
        this.endpoint = endpoint;
        this.aws = new AwsCli(endpoint, "us-east-1");
        this.dockerConfig = dockerConfig;
    }

    public AwsCli aws() {
        return aws;
    }

    /** host:port, as it starts an image reference. */
    public String host() {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** What {@code aws ecr get-login-password} prints. */
    public String password() {
        if (password == null) {
            AwsCli.Result result = aws.run("ecr", "get-login-password");
            if (result.exitCode() != 0) {
                throw new AssertionError("get-login-password failed: " + result.stderr());
            }
            password = result.stdout().trim();
        }
        return password;
    }

    /** {@code aws ecr get-login-password | docker login --username AWS --password-stdin host}. */
    public String login() {
        try {
            Files.createDirectories(dockerConfig);
            Process login = new ProcessBuilder("docker", "--config", dockerConfig.toString(), "login", "--username", "AWS",
                    "--password-stdin", host()).redirectErrorStream(true).start();
            login.getOutputStream().write(password().getBytes(StandardCharsets.UTF_8));
            login.getOutputStream().close();
            String output = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!login.waitFor(60, TimeUnit.SECONDS) || login.exitValue() != 0) {
                throw new AssertionError("docker login " + host() + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Docker CLI with this registry's login. */
    public DockerCli.Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("--config", dockerConfig.toString()));
        command.addAll(List.of(arguments));
        return DockerCli.attempt(command.toArray(String[]::new));
    }

    public String dockerOk(String... arguments) {
        DockerCli.Result result = docker(arguments);
        if (result.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", arguments) + " exited " + result.exitCode() + ": "
                    + result.output());
        }
        return result.output().trim();
    }

    public String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password()).getBytes(StandardCharsets.UTF_8));
    }

    /** A request to the registry with the login's credentials; {@code path} starts with /v2/. */
    public HttpResponse<byte[]> http(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", basicAuth());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A tag shaped like a git commit SHA, as the runbooks' pipelines tag every build. */
    public static String gitSha() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A local image of three layers (busybox, then two of random bytes, so no two builds share them
     * but the first), tagged {@code reference}.
     */
    public static void buildLayeredImage(String reference, int kilobytesPerLayer) {
        try {
            Path context = Files.createTempDirectory("berth-layered-");
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM %s
                    RUN head -c %d /dev/urandom > /layer-one && echo one > /marker
                    RUN head -c %d /dev/urandom > /layer-two && echo two >> /marker
                    CMD ["sleep", "600"]
                    """.formatted(TestImages.busybox(), kilobytesPerLayer * 1024, kilobytesPerLayer * 1024));
            DockerCli.run("build", "-q", "-t", reference, context.toString());
            Files.delete(context.resolve("Dockerfile"));
            Files.delete(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
