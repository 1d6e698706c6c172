package dev.berth.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped afterwards. The server comes
 * from {@code BERTH_TEST_POSTGRES_URL} (a JDBC URL to a database whose user may CREATE DATABASE),
 * which {@code ./berth test} provides after starting Debian's PostgreSQL when it is absent.
 * Without it the test fails and says so: a store test that silently skips proves nothing.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    public static final String ENVIRONMENT = "BERTH_TEST_POSTGRES_URL";

    private final String adminUrl;
    private final String name;
    private final String url;

    private PostgresTestDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String parameters = query < 0 ? "" : adminUrl.substring(query);
        this.url = base.substring(0, base.lastIndexOf('/') + 1) + name + parameters;
    }

    public static PostgresTestDatabase create() {
        String adminUrl = System.getenv(ENVIRONMENT);
        if (adminUrl == null || adminUrl.isBlank()) {
            throw new IllegalStateException(ENVIRONMENT + " is not set, so the PostgreSQL tests cannot run. "
                    + "Run ./berth test (it starts PostgreSQL and sets it), or set it to a JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres?user=berth&password=berth for a user that may create "
                    + "databases.");
        }
        PostgresTestDatabase database =
                new PostgresTestDatabase(adminUrl, "berth_test_" + UUID.randomUUID().toString().replace("-", ""));
        database.execute("CREATE DATABASE " + database.name);
        return database;
    }

    public String url() {
        return url;
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ENVIRONMENT + " refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
