package com.greenvue.images.jobs;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link JobsCadenceTest} on the postgres backend: ticks claimed through the jobs table keep the cadence. */
@QuarkusTest
@RequiresPostgres
@TestProfile(JobsCadenceOnPostgresTest.Profile.class)
class JobsCadenceOnPostgresTest extends JobsCadenceTest {
    // every test and its assertions are inherited from JobsCadenceTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
        @Override
        protected Map<String, String> more() {
            return new JobsCadenceTest.EagerOff().getConfigOverrides();
        }
    }
}
