package dev.berth.tests.support;

import dev.berth.domain.id.IdGenerator;
import dev.berth.server.BerthServer;
import dev.berth.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Berth booted in this JVM with the same wiring as {@code berth up}, on a free port and a fresh
 * data directory, on SQLite or on a PostgreSQL URL.
 */
public final class RunningBerth implements AutoCloseable {
    private final BerthServer server;
    private final Path dataDir;

    private RunningBerth(BerthServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static RunningBerth onSqlite() {
        return start("", Map.of());
    }

    public static RunningBerth onStore(String storeUrl) {
        return start(storeUrl, Map.of());
    }

    public static RunningBerth withCredentials(Map<String, String> credentials) {
        return start("", credentials);
    }

    private static RunningBerth start(String store, Map<String, String> credentials) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("berth-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir).withStore(store)
                .withCredentials(credentials);
        BerthServer server = new BerthServer(config, Clock.systemUTC(), IdGenerator.random());
        server.start();
        return new RunningBerth(server, dataDir);
    }

    public URI endpoint() {
        return URI.create(server.endpoint());
    }

    public BerthServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not worth failing a test over
        }
    }
}
