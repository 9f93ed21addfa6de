package com.greenvue.images.jobs;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobRunsTest} on the postgres backend. */
@QuarkusTest
@RequiresPostgres
@TestProfile(JobRunsOnPostgresTest.Profile.class)
class JobRunsOnPostgresTest extends JobRunsTest {
    // every test and its assertions are inherited from JobRunsTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
    }
}
