package dev.berth.store.jdbc;

import dev.berth.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema to the newest version with Flyway; each dialect has its own scripts. */
public final class Migrations {
    private Migrations() {
    }

    /** @param dialect {@code sqlite} or {@code postgresql}: the folder of scripts to apply */
    public static void apply(DataSource dataSource, String dialect) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:dev/berth/store/migration/" + dialect)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("store: cannot migrate the " + dialect + " schema: " + e.getMessage(), e);
        }
    }
}
