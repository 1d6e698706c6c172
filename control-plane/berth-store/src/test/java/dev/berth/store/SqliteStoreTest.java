package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.store.sqlite.SqliteStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected Store open() {
        return SqliteStore.open(directory.resolve("berth.db"));
    }

    @Test
    void aSecondProcessCannotOpenAStoreInUse() {
        // The same JVM stands in for a second process: the file lock is per channel, not per thread.
        assertThatThrownBy(() -> SqliteStore.open(directory.resolve("berth.db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("in use by another Berth process");
    }
}
