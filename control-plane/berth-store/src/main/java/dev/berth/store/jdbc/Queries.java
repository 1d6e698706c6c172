package dev.berth.store.jdbc;

import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The read statements, shared by transactions and plain reads; the SQL is the same on both databases. */
final class Queries {
    private static final String COLUMNS = "SELECT kind, id, version, change_index, body, index_key FROM records ";
    private static final String GET = COLUMNS + "WHERE kind = ? AND id = ? AND NOT deleted";
    /** Whole transactions: the page ends with the last index among the first {@code limit} changes. */
    private static final String CHANGES = COLUMNS + "WHERE change_index > ? AND change_index <= (SELECT MAX(change_index) FROM "
            + "(SELECT change_index FROM records WHERE change_index > ? ORDER BY change_index LIMIT ?) page) "
            + "ORDER BY change_index, kind, id";

    private Queries() {
    }

    static Optional<Record> get(Connection connection, String kind, String id) {
        try (PreparedStatement statement = connection.prepareStatement(GET)) {
            bind(statement, kind, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(record(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("get " + kind + "/" + id, e);
        }
    }

    static List<Record> list(Connection connection, ListQuery query) {
        StringBuilder sql = new StringBuilder(COLUMNS).append("WHERE kind = ? AND NOT deleted");
        List<Object> parameters = new ArrayList<>(List.of(query.kind()));
        if (!query.idPrefix().isEmpty()) {
            sql.append(" AND id >= ? AND id < ?");
            parameters.add(query.idPrefix());
            parameters.add(query.idPrefix() + "\uDBFF\uDFFF");
        }
        if (query.indexKey() != null) {
            sql.append(" AND index_key = ?");
            parameters.add(query.indexKey());
        }
        if (query.after() != null) {
            sql.append(query.descending() ? " AND id < ?" : " AND id > ?");
            parameters.add(query.after());
        }
        sql.append(" ORDER BY id").append(query.descending() ? " DESC" : "").append(" LIMIT ?");
        parameters.add(query.limit());
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, parameters.toArray());
            return records(statement);
        } catch (SQLException e) {
            throw failure("list " + query.kind(), e);
        }
    }

    static List<Record> changesSince(Connection connection, long after, int limit) {
        try (PreparedStatement statement = connection.prepareStatement(CHANGES)) {
            bind(statement, after, after, limit);
            return records(statement);
        } catch (SQLException e) {
            throw failure("read changes", e);
        }
    }

    static long counter(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM change_counter WHERE id = 1");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static List<Record> records(PreparedStatement statement) throws SQLException {
        List<Record> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(record(rows));
            }
        }
        return records;
    }

    private static Record record(ResultSet rows) throws SQLException {
        return new Record(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4), rows.getString(5),
                rows.getString(6));
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException("store: cannot " + what + ": " + e.getMessage(), e);
    }
}
