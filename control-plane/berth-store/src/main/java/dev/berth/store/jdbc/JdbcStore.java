package dev.berth.store.jdbc;

import dev.berth.store.ChangeNotifier;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The store over JDBC. Every write transaction first locks the one-row change counter: that row
 * lock (PostgreSQL) or the single writer (SQLite) serialises writers, so indexes follow commit
 * order. The counter advances only if the transaction wrote something, so indexes stay dense and
 * watchers are woken only by real changes. Subclasses say where write connections come from, how
 * to lock the counter, and may add work before commit.
 */
public abstract class JdbcStore implements Store {
    private static final String SET_INDEX = "UPDATE change_counter SET value = ? WHERE id = 1";

    private final DataSource reads;
    protected final ChangeNotifier notifier;

    protected JdbcStore(DataSource reads, long initialIndex) {
        this.reads = reads;
        this.notifier = new ChangeNotifier(initialIndex);
    }

    /** A connection with auto-commit off, exclusively this caller's until {@link #releaseWriter}. */
    protected abstract Connection acquireWriter() throws SQLException;

    protected abstract void releaseWriter(Connection connection);

    /** A query that reads the counter and holds it locked until the transaction ends. */
    protected abstract String lockCounterSql();

    /** Work to do inside the transaction just before it commits (PostgreSQL tells the other replicas). */
    protected void beforeCommit(Connection connection, long changeIndex) throws SQLException {
    }

    @Override
    public Optional<Record> get(String kind, String id) {
        return read(connection -> Queries.get(connection, kind, id));
    }

    @Override
    public List<Record> list(ListQuery query) {
        return read(connection -> Queries.list(connection, query));
    }

    @Override
    public List<Record> changesSince(long after, int limit) {
        return read(connection -> Queries.changesSince(connection, after, limit));
    }

    @Override
    public <T> T write(Function<dev.berth.store.Transaction, T> work) {
        Connection connection;
        try {
            connection = acquireWriter();
        } catch (SQLException e) {
            throw Queries.failure("begin a transaction", e);
        }
        long changeIndex = 0;
        boolean committed = false;
        boolean wrote = false;
        try {
            changeIndex = lockedCounter(connection) + 1;
            JdbcTransaction transaction = new JdbcTransaction(connection, changeIndex);
            T result = work.apply(transaction);
            wrote = transaction.wrote();
            if (wrote) {
                try (PreparedStatement advance = connection.prepareStatement(SET_INDEX)) {
                    advance.setLong(1, changeIndex);
                    advance.executeUpdate();
                }
                beforeCommit(connection, changeIndex);
            }
            connection.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw Queries.failure("commit", e);
        } finally {
            if (!committed) {
                rollback(connection);
            }
            releaseWriter(connection);
            if (committed && wrote) {
                notifier.advance(changeIndex);
            }
        }
    }

    @Override
    public long currentIndex() {
        return notifier.current();
    }

    @Override
    public long awaitIndex(long after, Duration timeout) throws InterruptedException {
        return notifier.await(after, timeout);
    }

    private long lockedCounter(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lockCounterSql());
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new StoreException("store: the change counter row is missing; the schema is damaged");
            }
            return rows.getLong(1);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the database has rolled the transaction back by itself
        }
    }

    private <T> T read(Function<Connection, T> query) {
        try (Connection connection = reads.getConnection()) {
            return query.apply(connection);
        } catch (SQLException e) {
            throw Queries.failure("read", e);
        }
    }

    /** Reads the committed counter, for start-up and for catching up with other replicas. */
    protected static long readCounter(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            long value = Queries.counter(connection);
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return value;
        } catch (SQLException e) {
            throw Queries.failure("read the change counter", e);
        }
    }
}
