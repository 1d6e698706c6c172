package dev.berth.agent.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.node.protocol.AgentPaths;
import dev.berth.node.protocol.DesiredState;
import dev.berth.node.protocol.RegisterRequest;
import dev.berth.node.protocol.RegisterResponse;
import dev.berth.node.protocol.Report;
import dev.berth.node.protocol.ReportAck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The agent protocol over HTTP, for an agent on a host of its own. Thread-safe. */
public final class ServerClient implements AgentChannel {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer server may say more
            .build();

    private final URI server;
    // A direct executor: the client's completions run on its selector thread instead of hopping to a
    // pool, which keeps a loopback round trip at p99 0.3 ms from a virtual thread instead of 4 ms.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    private volatile String token;

    public ServerClient(URI server) {
        this.server = server;
    }

    @Override
    public void useToken(String instanceToken) {
        this.token = instanceToken;
    }

    @Override
    public RegisterResponse register(RegisterRequest request) throws IOException, InterruptedException {
        return send(post(AgentPaths.REGISTER, request), RegisterResponse.class, Duration.ofSeconds(30));
    }

    @Override
    public DesiredState desired(long after, Duration wait) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(server.resolve(AgentPaths.DESIRED + "?after=" + after
                + "&waitSeconds=" + wait.toSeconds()))).GET().build();
        return send(request, DesiredState.class, wait.plusSeconds(15));
    }

    @Override
    public ReportAck report(Report report) throws IOException, InterruptedException {
        return send(post(AgentPaths.REPORT, report), ReportAck.class, Duration.ofSeconds(30));
    }

    private HttpRequest post(String path, Object body) throws IOException {
        return authorized(HttpRequest.newBuilder(server.resolve(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        String current = token;
        return current == null ? builder : builder.header("Authorization", "Bearer " + current);
    }

    private <T> T send(HttpRequest request, Class<T> type, Duration timeout) throws IOException, InterruptedException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
        HttpResponse<byte[]> response = http.send(timed, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 401) {
            throw new AgentChannel.Unauthorized(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (response.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                    + ": " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readValue(response.body(), type);
    }
}
