package com.greenvue.images.queue;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * {@link QueueLimitsTest} on the postgres backend: back-pressure, and a late result from an expired
 * lease refused exactly as on the file backend. The two tests about files on disk (spool folder,
 * record files) are the file backend's own and are not run here (overridden without {@code @Test}).
 */
@QuarkusTest
@RequiresPostgres
@TestProfile(QueueLimitsOnPostgresTest.Profile.class)
class QueueLimitsOnPostgresTest extends QueueLimitsTest {
    // every test and its assertions are inherited from QueueLimitsTest; this class only changes where it runs

    public static class Profile extends OnPostgres {
        @Override
        protected Map<String, String> more() {
            return new QueueLimitsTest.SmallLimits().getConfigOverrides();
        }
    }

    @Override
    void processedImagesFreeTheirBytesAtOnceAndTheirRecordsAfterRetention() {
        // file backend only: looks at the spool and record files
    }

    @Override
    void anUnwritableSpoolTurnsReadinessDownAndUploadsInto503() {
        // file backend only: replaces the spool folder by a file (DatabaseReadinessTest is the postgres case)
    }
}
