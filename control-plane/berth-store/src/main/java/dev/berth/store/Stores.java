package dev.berth.store;

import dev.berth.store.postgres.PostgresStore;
import dev.berth.store.sqlite.SqliteStore;
import java.nio.file.Path;

/** Opens the store a {@code --store} value names. */
public final class Stores {
    public static final String SQLITE_FILE = "berth.db";

    private Stores() {
    }

    /**
     * @param location empty or {@code sqlite} for the embedded store in {@code dataDir}, a
     *     {@code jdbc:sqlite:PATH} URL, or a {@code jdbc:postgresql://…} URL
     */
    public static Store open(String location, Path dataDir) {
        if (location == null || location.isBlank() || location.equals("sqlite")) {
            return SqliteStore.open(dataDir.resolve(SQLITE_FILE));
        }
        if (location.startsWith("jdbc:sqlite:")) {
            return SqliteStore.open(Path.of(location.substring("jdbc:sqlite:".length())));
        }
        if (location.startsWith("jdbc:postgresql:")) {
            return PostgresStore.open(location);
        }
        throw new StoreException("--store must be 'sqlite', jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB; got '"
                + location + "'");
    }

    /** How a store location reads in logs: the kind and where, never a password. */
    public static String describe(String location, Path dataDir) {
        if (location == null || location.isBlank() || location.equals("sqlite")) {
            return "sqlite " + dataDir.resolve(SQLITE_FILE);
        }
        return location.replaceAll("password=[^&]*", "password=***");
    }
}
