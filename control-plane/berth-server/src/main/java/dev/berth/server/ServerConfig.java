package dev.berth.server;

import dev.berth.ecr.EcrSettings;
import dev.berth.ecs.EcsSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a control-plane process is configured with, validated on construction.
 *
 * @param host the address the edge binds (127.0.0.1 by default: nothing is exposed unasked)
 * @param port the edge port for every API; 0 picks a free one (tests)
 * @param dataDir where the embedded store and other local data live
 * @param store empty for SQLite in {@code dataDir}, or a JDBC URL
 * @param maxRequestBytes the largest request body accepted on the API edge
 * @param accountId the account Berth answers as
 * @param defaultRegion the region when a request carries no credential scope
 * @param credentials access key → secret; empty means auth off (any credentials accepted)
 * @param ecs the ECS control plane's timings
 * @param registry how the image registry is kept (garbage-collection grace, sweep interval)
 */
public record ServerConfig(String host, int port, Path dataDir, String store, int maxRequestBytes, String accountId,
                           String defaultRegion, Map<String, String> credentials, EcsSettings ecs,
                           EcrSettings registry) {
    public static final int DEFAULT_PORT = 7700;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        store = store == null ? "" : store;
        credentials = Map.copyOf(credentials);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535; got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("the request size limit must be at least 1024 bytes; got " + maxRequestBytes);
        }
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("the account id must be 12 digits; got '" + accountId + "'");
        }
    }

    /** The defaults of {@code berth up}: 127.0.0.1:7700, ./.berth, SQLite, auth off. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, Path.of(".berth"), "", DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_ACCOUNT, DEFAULT_REGION, Map.of(), EcsSettings.defaults(), EcrSettings.defaults());
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, store, maxRequestBytes, accountId, defaultRegion, credentials, ecs, registry);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return new ServerConfig(host, port, newDataDir, store, maxRequestBytes, accountId, defaultRegion, credentials, ecs, registry);
    }

    public ServerConfig withStore(String newStore) {
        return new ServerConfig(host, port, dataDir, newStore, maxRequestBytes, accountId, defaultRegion, credentials, ecs, registry);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, dataDir, store, maxRequestBytes, accountId, defaultRegion, credentials, ecs, registry);
    }

    public ServerConfig withCredentials(Map<String, String> newCredentials) {
        return new ServerConfig(host, port, dataDir, store, maxRequestBytes, accountId, defaultRegion, newCredentials, ecs,
                registry);
    }

    public ServerConfig withEcs(EcsSettings newEcs) {
        return new ServerConfig(host, port, dataDir, store, maxRequestBytes, accountId, defaultRegion, credentials, newEcs, registry);
    }

    public ServerConfig withRegistry(EcrSettings newRegistry) {
        return new ServerConfig(host, port, dataDir, store, maxRequestBytes, accountId, defaultRegion, credentials, ecs,
                newRegistry);
    }

    public boolean authEnabled() {
        return !credentials.isEmpty();
    }
}
