package dev.berth.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.berth.store.StoreException;
import dev.berth.store.jdbc.JdbcStore;
import dev.berth.store.jdbc.Migrations;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode with {@code synchronous=FULL}, so a commit is on
 * disk before it is acknowledged. One connection writes (SQLite allows one writer at a time
 * anyway; a Java lock queues writers instead of letting them spin on SQLITE_BUSY); a small pool
 * reads concurrently. A lock file keeps a second process from opening the same store.
 */
public final class SqliteStore extends JdbcStore {
    private static final int READERS = 4;

    private final HikariDataSource readers;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final FileChannel lockChannel;
    private final FileLock processLock;

    private SqliteStore(HikariDataSource readers, Connection writer, long initialIndex, FileChannel lockChannel,
                        FileLock processLock) {
        super(readers, initialIndex);
        this.readers = readers;
        this.writer = writer;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
    }

    /** Opens (creating if needed) the store in {@code file}, migrating its schema. */
    public static SqliteStore open(Path file) {
        Path absolute = file.toAbsolutePath();
        FileChannel channel = null;
        HikariDataSource readers = null;
        Connection writer = null;
        try {
            Files.createDirectories(absolute.getParent());
            channel = FileChannel.open(absolute.resolveSibling(absolute.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new StoreException("store: " + absolute + " is in use by another Berth process; stop it or "
                        + "choose another --data-dir");
            }
            SQLiteDataSource dataSource = dataSource(absolute);
            Migrations.apply(dataSource, "sqlite");
            writer = dataSource.getConnection();
            writer.setAutoCommit(false);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(dataSource);
            pool.setMaximumPoolSize(READERS);
            pool.setPoolName("berth-sqlite-readers");
            readers = new HikariDataSource(pool);
            return new SqliteStore(readers, writer, readCounter(readers), channel, lock);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(writer, readers, channel);
            if (e instanceof StoreException storeException) {
                throw storeException;
            }
            throw new StoreException("store: cannot open " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    @Override
    protected String lockCounterSql() {
        // BEGIN IMMEDIATE already holds SQLite's write lock, and this process's lock queues writers.
        return "SELECT value FROM change_counter WHERE id = 1";
    }

    @Override
    protected Connection acquireWriter() {
        writeLock.lock();
        return writer;
    }

    @Override
    protected void releaseWriter(Connection connection) {
        writeLock.unlock();
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer, readers, null);
            processLock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the process lock goes with the process anyway
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection writer, HikariDataSource readers, FileChannel channel) {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (SQLException ignored) {
            // closing; nothing left to protect
        }
        if (readers != null) {
            readers.close();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing; nothing left to protect
        }
    }
}
