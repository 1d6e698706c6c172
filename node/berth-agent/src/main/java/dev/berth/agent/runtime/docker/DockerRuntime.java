package dev.berth.agent.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.berth.agent.runtime.ContainerEvent;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerSpec;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.runtime.ContainerSummary;
import dev.berth.agent.runtime.EngineInfo;
import dev.berth.agent.runtime.NotFound;
import dev.berth.agent.runtime.RegistryLogin;
import dev.berth.agent.runtime.RuntimeFailure;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link ContainerRuntime} on a Docker Engine through docker-java, over the unix socket or
 * {@code DOCKER_HOST}. Every docker-java failure becomes a {@link RuntimeFailure} carrying the
 * engine's message, which the agent quotes in ECS reasons ("CannotPullContainerError: …").
 */
public final class DockerRuntime implements ContainerRuntime {
    private static final String NEVER = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerClient docker;
    private final DockerHttpClient http;

    private DockerRuntime(DockerClient docker, DockerHttpClient http) {
        this.docker = docker;
        this.http = http;
    }

    /** @param dockerHost e.g. unix:///var/run/docker.sock or tcp://host:2375; null for DOCKER_HOST or the default socket */
    public static DockerRuntime connect(String dockerHost) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (dockerHost != null) {
            config.withDockerHost(dockerHost);
        }
        DefaultDockerClientConfig built = config.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(built.getDockerHost().toString()))
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return new DockerRuntime(DockerClientImpl.getInstance(built, http), http);
    }

    @Override
    public EngineInfo info() {
        Info info = call(() -> docker.infoCmd().exec());
        return new EngineInfo(info.getNCPU() == null ? 1 : info.getNCPU(), info.getMemTotal() == null ? 0 : info.getMemTotal(),
                info.getServerVersion(), info.getArchitecture(), info.getOsType());
    }

    @Override
    public boolean imageExists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (DockerException | IllegalArgumentException e) {
            throw failure(e);
        }
    }

    @Override
    public void pull(String image, Duration timeout, RegistryLogin login) {
        try {
            var command = docker.pullImageCmd(image);
            if (login != null) {
                command.withAuthConfig(new AuthConfig().withRegistryAddress(login.registry())
                        .withUsername(login.username()).withPassword(login.password()));
            }
            boolean done = command.exec(new ResultCallback.Adapter<PullResponseItem>())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new RuntimeFailure("pull of " + image + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("pull of " + image + " was interrupted", e);
        } catch (DockerException | IllegalArgumentException e) {
            throw failure(e);
        }
    }

    @Override
    public String imageDigest(String image) {
        try {
            InspectImageResponse inspected = docker.inspectImageCmd(image).exec();
            List<String> digests = inspected.getRepoDigests();
            if (digests != null && !digests.isEmpty()) {
                String digest = digests.get(0);
                return digest.substring(digest.indexOf('@') + 1);
            }
            return inspected.getId();
        } catch (NotFoundException e) {
            return null;
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public void importImage(String image, byte[] rootfsTar) {
        // Through the raw client: docker-java's createImageCmd sends no tar content type, and the
        // engine then reads the upload as truncated ("unexpected EOF").
        int colon = image.lastIndexOf(':');
        String path = "/images/create?fromSrc=-&repo=" + URLEncoder.encode(image.substring(0, colon), StandardCharsets.UTF_8)
                + "&tag=" + URLEncoder.encode(image.substring(colon + 1), StandardCharsets.UTF_8);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path(path)
                .putHeader("Content-Type", "application/x-tar")
                .body(new ByteArrayInputStream(rootfsTar))
                .build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (response.getStatusCode() != 200 || body.contains("\"error\"")) {
                throw new RuntimeFailure("import of " + image + " failed: " + body.trim());
            }
        } catch (java.io.IOException e) {
            throw new RuntimeFailure("cannot reach the Docker Engine: " + e.getMessage(), e);
        }
    }

    @Override
    public String create(ContainerSpec spec) {
        return call(() -> {
            CreateContainerCmd command = docker.createContainerCmd(spec.image()).withName(spec.name());
            DockerSpecs.apply(command, spec);
            return command.exec().getId();
        });
    }

    @Override
    public void start(String containerId) {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (NotModifiedException alreadyRunning) {
            // starting a running container is what was asked for
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public void stop(String containerId, Duration timeout) {
        try {
            docker.stopContainerCmd(containerId).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
        } catch (NotModifiedException alreadyStopped) {
            // stopping a stopped container is what was asked for
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public void kill(String containerId) {
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (DockerException e) {
            if (!String.valueOf(e.getMessage()).contains("is not running")) {
                throw failure(e);
            }
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // removed already
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public ContainerState inspect(String containerId) {
        InspectContainerResponse inspected = call(() -> docker.inspectContainerCmd(containerId).exec());
        InspectContainerResponse.ContainerState state = inspected.getState();
        String startedAt = state.getStartedAt();
        boolean everStarted = startedAt != null && !startedAt.startsWith(NEVER.substring(0, 10));
        boolean running = Boolean.TRUE.equals(state.getRunning());
        String health = state.getHealth() == null ? "UNKNOWN" : switch (state.getHealth().getStatus()) {
            case "healthy" -> "HEALTHY";
            case "unhealthy" -> "UNHEALTHY";
            default -> "UNKNOWN";
        };
        String ip = null;
        if (inspected.getNetworkSettings() != null && inspected.getNetworkSettings().getNetworks() != null) {
            ip = inspected.getNetworkSettings().getNetworks().values().stream()
                    .map(network -> network.getIpAddress()).filter(address -> address != null && !address.isEmpty())
                    .findFirst().orElse(null);
        }
        return new ContainerState(inspected.getId(), running, everStarted,
                everStarted && !running ? state.getExitCode() : null, Boolean.TRUE.equals(state.getOOMKilled()),
                state.getError() == null || state.getError().isEmpty() ? null : state.getError(), health,
                everStarted ? time(startedAt) : null, everStarted && !running ? time(state.getFinishedAt()) : null,
                inspected.getImageId(), ip, DockerSpecs.publishedPorts(inspected));
    }

    @Override
    public List<ContainerSummary> list(Map<String, String> labels) {
        List<Container> containers = call(() -> docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
        List<ContainerSummary> summaries = new ArrayList<>();
        for (Container container : containers) {
            String name = container.getNames() == null || container.getNames().length == 0 ? container.getId()
                    : container.getNames()[0].replaceFirst("^/", "");
            summaries.add(new ContainerSummary(container.getId(), name,
                    container.getLabels() == null ? Map.of() : container.getLabels(), "running".equals(container.getState())));
        }
        return summaries;
    }

    @Override
    public void createVolume(String name, String driver, Map<String, String> options, Map<String, String> labels) {
        call(() -> docker.createVolumeCmd().withName(name).withDriver(driver == null ? "local" : driver)
                .withDriverOpts(options).withLabels(labels).exec());
    }

    @Override
    public boolean volumeExists(String name) {
        try {
            docker.inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            docker.removeVolumeCmd(name).exec();
        } catch (NotFoundException gone) {
            // removed already
        } catch (DockerException e) {
            throw failure(e);
        }
    }

    @Override
    public List<String> volumes(Map<String, String> labels) {
        List<String> names = new ArrayList<>();
        List<InspectVolumeResponse> volumes = call(() -> {
            var command = docker.listVolumesCmd();
            labels.forEach((key, value) -> command.withFilter("label", List.of(key + "=" + value)));
            return command.exec().getVolumes();
        });
        if (volumes != null) {
            volumes.forEach(volume -> names.add(volume.getName()));
        }
        return names;
    }

    @Override
    public AutoCloseable events(Map<String, String> labels, Consumer<ContainerEvent> listener) {
        List<String> labelFilters = new ArrayList<>();
        labels.forEach((key, value) -> labelFilters.add(key + "=" + value));
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
                if (event.getType() == EventType.CONTAINER && event.getId() != null) {
                    Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                            ? Map.of() : event.getActor().getAttributes();
                    listener.accept(new ContainerEvent(event.getId(), event.getAction(), attributes));
                }
            }
        };
        docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withLabelFilter(labelFilters.toArray(String[]::new))
                .exec(callback);
        return (Closeable) callback;
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (java.io.IOException ignored) {
            // closing the client; nothing to save
        }
    }

    private static Instant time(String text) {
        try {
            return text == null || text.startsWith(NEVER.substring(0, 10)) ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (DockerException | IllegalArgumentException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw new RuntimeFailure("cannot reach the Docker Engine: " + io.getMessage(), e);
            }
            throw e;
        }
    }

    private static RuntimeFailure failure(RuntimeException e) {
        String message = engineMessage(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return e instanceof NotFoundException ? new NotFound(message, e) : new RuntimeFailure(message, e);
    }

    /** docker-java prefixes the engine's JSON with its status ("Status 404: {"message":"…"}"): keep the engine's words. */
    static String engineMessage(String text) {
        int brace = text.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode body = JSON.readTree(text.substring(brace));
                if (body.hasNonNull("message")) {
                    return body.get("message").asText().trim();
                }
            } catch (java.io.IOException notJson) {
                // keep the text as it is
            }
        }
        return text.trim();
    }
}
