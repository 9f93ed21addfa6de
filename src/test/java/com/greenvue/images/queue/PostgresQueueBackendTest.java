package com.greenvue.images.queue;

import com.greenvue.images.db.Database;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/** The backend contract on the postgres backend, against the real server, in a schema of its own per test. */
@RequiresPostgres
class PostgresQueueBackendTest extends QueueBackendContract {
    // every test and its assertions are inherited from QueueBackendContract; this class only changes where it runs

    private String schema;
    private PGSimpleDataSource ds;

    @Override
    QueueBackend backend() throws Exception {
        schema = PostgresSchema.create();
        ds = new PGSimpleDataSource();
        ds.setURL(PostgresSchema.URL + "?currentSchema=" + schema);
        ds.setUser(PostgresSchema.USER);
        Flyway.configure().dataSource(ds).schemas(schema).load().migrate();
        QueueBackend b = new PostgresQueueBackend(Database.of(ds), FileQueueStoreRecoveryTest.JSON);
        b.open(r -> { });
        return b;
    }

    @Override
    QueueBackend reopen() {
        return new PostgresQueueBackend(Database.of(ds), FileQueueStoreRecoveryTest.JSON);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            PostgresSchema.drop(schema);
        }
    }
}
