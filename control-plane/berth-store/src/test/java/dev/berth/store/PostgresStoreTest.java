package dev.berth.store;

import dev.berth.store.postgres.PostgresStore;

/** The store contract on a real PostgreSQL server, a fresh database for every test. */
class PostgresStoreTest extends StoreContractTest {
    private PostgresTestDatabase database;

    @Override
    protected Store open() {
        if (database == null) {
            database = PostgresTestDatabase.create();
        }
        return PostgresStore.open(database.url());
    }

    @Override
    protected void afterEachTest() {
        database.close();
    }
}
