package dev.berth.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.runtime.RegistryLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials the agent pulls images with, by registry host — what ECS's agent takes as
 * ECS_ENGINE_AUTH_DATA. Read from a file in Docker's own {@code config.json} form
 * ({@code {"auths": {"registry:5000": {"auth": base64("user:password")}}}}, or
 * {@code "username"}/{@code "password"} members), so {@code docker login} can write it.
 * Immutable. Never logged.
 */
public final class RegistryCredentials {
    private static final String DOCKER_HUB = "docker.io";
    private final Map<String, RegistryLogin> byRegistry;

    private RegistryCredentials(Map<String, RegistryLogin> byRegistry) {
        this.byRegistry = Map.copyOf(byRegistry);
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of());
    }

    public static RegistryCredentials read(Path dockerConfig) throws IOException {
        JsonNode auths = new ObjectMapper().readTree(dockerConfig.toFile()).path("auths");
        Map<String, RegistryLogin> logins = new LinkedHashMap<>();
        for (var entry : auths.properties()) {
            String registry = host(entry.getKey());
            JsonNode value = entry.getValue();
            if (value.hasNonNull("auth")) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(value.get("auth").asText()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new IOException("auths." + entry.getKey() + ".auth is not base64", e);
                }
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("auths." + entry.getKey() + ".auth is not base64 of username:password");
                }
                logins.put(registry, new RegistryLogin(registry, decoded.substring(0, colon), decoded.substring(colon + 1)));
            } else if (value.hasNonNull("username")) {
                logins.put(registry, new RegistryLogin(registry, value.get("username").asText(), value.path("password").asText()));
            }
        }
        return new RegistryCredentials(logins);
    }

    /** These credentials and {@code login}, unless they already have a login for its registry (the operator's wins). */
    public RegistryCredentials orElseWith(RegistryLogin login) {
        if (byRegistry.containsKey(login.registry())) {
            return this;
        }
        Map<String, RegistryLogin> logins = new LinkedHashMap<>(byRegistry);
        logins.put(login.registry(), login);
        return new RegistryCredentials(logins);
    }

    /** The login for the registry an image reference names, if there is one. */
    public Optional<RegistryLogin> forImage(String image) {
        return Optional.ofNullable(byRegistry.get(registryOf(image)));
    }

    /** The registry host of an image reference: its first component when that looks like a host, else Docker Hub. */
    static String registryOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : DOCKER_HUB;
    }

    private static String host(String key) {
        String host = key.replaceFirst("^https?://", "");
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? DOCKER_HUB : host;
    }
}
