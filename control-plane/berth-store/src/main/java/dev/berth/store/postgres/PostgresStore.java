package dev.berth.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.berth.store.StoreException;
import dev.berth.store.jdbc.JdbcStore;
import dev.berth.store.jdbc.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaled-out store: PostgreSQL, shared by every control-plane replica. Writers serialise on
 * the change counter's row lock. Each commit also sends {@code NOTIFY berth_change}; a listener
 * thread turns those (and a once-a-second check, in case one is missed) into wake-ups for the
 * blocking reads of this replica.
 */
public final class PostgresStore extends JdbcStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final String CHANNEL = "berth_change";
    private static final int POOL_SIZE = 8;
    private static final int POLL_MILLIS = 1000;

    private final HikariDataSource pool;
    private final Thread listener;
    private volatile boolean closed;

    private PostgresStore(HikariDataSource pool, long initialIndex) {
        super(pool, initialIndex);
        this.pool = pool;
        this.listener = Thread.ofPlatform().daemon().name("berth-postgres-listener").unstarted(this::listen);
    }

    /** Connects to {@code jdbcUrl} (jdbc:postgresql://host:port/db?user=…&password=…) and migrates. */
    public static PostgresStore open(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("berth-postgres");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("store: cannot connect to " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            Migrations.apply(pool, "postgresql");
            PostgresStore store = new PostgresStore(pool, readCounter(pool));
            store.listener.start();
            return store;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    protected String lockCounterSql() {
        return "SELECT value FROM change_counter WHERE id = 1 FOR UPDATE";
    }

    @Override
    protected Connection acquireWriter() throws SQLException {
        Connection connection = pool.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    protected void releaseWriter(Connection connection) {
        try {
            connection.close(); // the pool restores auto-commit
        } catch (SQLException e) {
            LOG.debug("closing a write connection failed", e);
        }
    }

    @Override
    protected void beforeCommit(Connection connection, long changeIndex) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, Long.toString(changeIndex));
            notify.execute();
        }
    }

    private void listen() {
        long backoff = 100;
        while (!closed) {
            try (Connection connection = newListenerConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoff = 100;
                while (!closed) {
                    pg.getNotifications(POLL_MILLIS);
                    notifier.advance(counterOn(connection));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("change listener lost its PostgreSQL connection ({}); retrying in {} ms", rootMessage(e), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private Connection newListenerConnection() throws SQLException {
        // A connection of its own: it sits in LISTEN for the life of the store.
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl());
    }

    private static long counterOn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT value FROM change_counter WHERE id = 1")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        pool.close();
        try {
            listener.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
