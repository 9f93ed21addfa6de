package com.greenvue.images.queue;

import com.greenvue.images.db.Database;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The backend contract on the postgres backend, against the real server, in a schema of its own per test. */
@RequiresPostgres
class PostgresQueueBackendTest extends QueueBackendContract {
    // every test and its assertions are inherited from QueueBackendContract; this class only changes where it runs

    @RegisterExtension
    final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();
    private DataSource ds;

    @Override
    QueueBackend backend() throws Exception {
        ds = PostgresSchema.migrated(schema.name());
        QueueBackend b = new PostgresQueueBackend(Database.of(ds), FileQueueStoreRecoveryTest.JSON);
        b.open(r -> { });
        return b;
    }

    @Override
    QueueBackend reopen() {
        return new PostgresQueueBackend(Database.of(ds), FileQueueStoreRecoveryTest.JSON);
    }
}
