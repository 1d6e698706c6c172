package dev.berth.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI v2 (Debian's, at /usr/bin/aws unless BERTH_TEST_AWS_CLI says otherwise) pointed
 * at a Berth endpoint with throwaway credentials. A test that cannot find it fails and says why.
 */
public final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String region;
    private final Map<String, String> credentials;

    public AwsCli(URI endpoint, String region) {
        this(endpoint, region, Map.of("AWS_ACCESS_KEY_ID", "AKIDBERTHTEST", "AWS_SECRET_ACCESS_KEY", "berth-test-secret"));
    }

    private AwsCli(URI endpoint, String region, Map<String, String> credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    public AwsCli withKeys(String accessKey, String secret) {
        return new AwsCli(endpoint, region, Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secret));
    }

    public static String executable() {
        String cli = System.getenv().getOrDefault("BERTH_TEST_AWS_CLI", "/usr/bin/aws");
        if (!new java.io.File(cli).canExecute()) {
            throw new IllegalStateException("The AWS CLI v2 is not at " + cli + ": these tests drive the real CLI. "
                    + "Run ./berth test (it installs Debian's awscli) or set BERTH_TEST_AWS_CLI.");
        }
        return cli;
    }

    /** The outcome of one CLI run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new IllegalStateException("the CLI did not print JSON: " + stdout + "\nstderr: " + stderr, e);
            }
        }

        public JsonNode ok() {
            if (exitCode != 0) {
                throw new AssertionError("aws exited " + exitCode + ": " + stderr);
            }
            return json();
        }
    }

    public Result run(String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--region", region, "--output", "json",
                "--no-cli-pager"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(credentials);
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        builder.environment().remove("AWS_PROFILE");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("aws " + String.join(" ", arguments) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
