package dev.berth.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code aws elbv2} as the runbooks use it, and plain HTTP through the listeners it creates. */
public final class LoadBalancers {
    private final AwsCli aws;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LoadBalancers(URI endpoint) {
        this.aws = new AwsCli(endpoint, "us-east-1");
    }

    public AwsCli aws() {
        return aws;
    }

    /** {@code aws elbv2 ARGS}; fails unless it exits 0, and returns its JSON (null when it printed nothing). */
    public JsonNode elbv2(String... arguments) {
        List<String> command = new ArrayList<>(List.of("elbv2"));
        command.addAll(List.of(arguments));
        AwsCli.Result result = aws.run(command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new AssertionError("aws elbv2 " + String.join(" ", arguments) + " exited " + result.exitCode() + ": "
                    + result.stderr());
        }
        return result.stdout().isBlank() ? null : result.json();
    }

    /** A target group with health checks every 5 s (ELB's minimum) on {@code path}, healthy after 2 passes. */
    public String targetGroup(String name, String path) {
        return elbv2("create-target-group", "--name", name, "--protocol", "HTTP", "--port", "8080", "--vpc-id", "vpc-1",
                "--target-type", "instance", "--health-check-path", path, "--health-check-interval-seconds", "5",
                "--health-check-timeout-seconds", "2", "--healthy-threshold-count", "2", "--unhealthy-threshold-count", "2")
                .at("/TargetGroups/0/TargetGroupArn").asText();
    }

    public String loadBalancer(String name) {
        return elbv2("create-load-balancer", "--name", name).at("/LoadBalancers/0/LoadBalancerArn").asText();
    }

    public String listener(String loadBalancerArn, int port, String targetGroupArn) {
        return elbv2("create-listener", "--load-balancer-arn", loadBalancerArn, "--protocol", "HTTP", "--port",
                Integer.toString(port), "--default-actions", "Type=forward,TargetGroupArn=" + targetGroupArn)
                .at("/Listeners/0/ListenerArn").asText();
    }

    public void attributes(String targetGroupArn, String... keyValues) {
        List<String> command = new ArrayList<>(List.of("modify-target-group-attributes", "--target-group-arn",
                targetGroupArn, "--attributes"));
        for (int i = 0; i < keyValues.length; i += 2) {
            command.add("Key=" + keyValues[i] + ",Value=" + keyValues[i + 1]);
        }
        elbv2(command.toArray(String[]::new));
    }

    /** The states of a target group's targets, as DescribeTargetHealth shows them. */
    public List<String> states(String targetGroupArn) {
        List<String> states = new ArrayList<>();
        elbv2("describe-target-health", "--target-group-arn", targetGroupArn).path("TargetHealthDescriptions")
                .forEach(entry -> states.add(entry.at("/TargetHealth/State").asText()));
        return states;
    }

    /**
     * The body of a GET with this Host header, over a plain socket (the JDK's client will not
     * send a Host of the caller's choosing); the connection is closed after the answer.
     */
    public String getAsHost(int port, String path, String host) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int body = answer.indexOf("\r\n\r\n");
            return body < 0 ? answer : answer.substring(body + 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(int port, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
