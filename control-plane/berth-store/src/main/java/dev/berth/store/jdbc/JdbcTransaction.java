package dev.berth.store.jdbc;

import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** A write transaction on one JDBC connection that the store has already locked for writing. */
final class JdbcTransaction implements Transaction {
    private static final String INSERT = """
            INSERT INTO records (kind, id, version, change_index, deleted, body, index_key) VALUES (?, ?, 1, ?, FALSE, ?, ?)
            ON CONFLICT (kind, id) DO UPDATE SET version = records.version + 1, change_index = excluded.change_index,
                deleted = FALSE, body = excluded.body, index_key = excluded.index_key
            WHERE records.deleted
            RETURNING version, index_key""";
    private static final String UPDATE = """
            UPDATE records SET version = version + 1, change_index = ?, body = ?
            WHERE kind = ? AND id = ? AND version = ? AND NOT deleted
            RETURNING version, index_key""";
    private static final String DELETE = """
            UPDATE records SET version = version + 1, change_index = ?, body = NULL, deleted = TRUE
            WHERE kind = ? AND id = ? AND version = ? AND NOT deleted""";
    private static final String CURRENT_VERSION = "SELECT version, deleted FROM records WHERE kind = ? AND id = ?";

    private final Connection connection;
    private final long changeIndex;
    private boolean wrote;

    JdbcTransaction(Connection connection, long changeIndex) {
        this.connection = connection;
        this.changeIndex = changeIndex;
    }

    @Override
    public Optional<Record> get(String kind, String id) {
        return Queries.get(connection, kind, id);
    }

    @Override
    public List<Record> list(ListQuery query) {
        return Queries.list(connection, query);
    }

    @Override
    public Record put(String kind, String id, String body, long expectedVersion) {
        return put(kind, id, body, expectedVersion, null);
    }

    @Override
    public Record put(String kind, String id, String body, long expectedVersion, String indexKey) {
        if (body == null) {
            throw new IllegalArgumentException("a record needs a body; use delete to remove one");
        }
        wrote = true;
        try {
            if (expectedVersion == 0) {
                return written(kind, id, body, expectedVersion, INSERT, kind, id, changeIndex, body, indexKey);
            }
            return written(kind, id, body, expectedVersion, UPDATE, changeIndex, body, kind, id, expectedVersion);
        } catch (SQLException e) {
            throw Queries.failure("put " + kind + "/" + id, e);
        }
    }

    @Override
    public void delete(String kind, String id, long expectedVersion) {
        wrote = true;
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            Queries.bind(statement, changeIndex, kind, id, expectedVersion);
            if (statement.executeUpdate() != 1) {
                throw conflict(kind, id, expectedVersion);
            }
        } catch (SQLException e) {
            throw Queries.failure("delete " + kind + "/" + id, e);
        }
    }

    @Override
    public long changeIndex() {
        return changeIndex;
    }

    /** Whether anything was put or deleted: only then does the transaction take its index. */
    boolean wrote() {
        return wrote;
    }

    private Record written(String kind, String id, String body, long expectedVersion, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Queries.bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw conflict(kind, id, expectedVersion);
                }
                return new Record(kind, id, rows.getLong(1), changeIndex, body, rows.getString(2));
            }
        }
    }

    private ConflictException conflict(String kind, String id, long expectedVersion) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_VERSION)) {
            Queries.bind(statement, kind, id);
            try (ResultSet rows = statement.executeQuery()) {
                long actual = rows.next() && !rows.getBoolean(2) ? rows.getLong(1) : 0;
                return new ConflictException(kind, id, expectedVersion, actual);
            }
        }
    }
}
