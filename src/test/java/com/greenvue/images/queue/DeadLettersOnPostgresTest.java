package com.greenvue.images.queue;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link DeadLettersTest} on the postgres backend. */
@QuarkusTest
@RequiresPostgres
@TestProfile(DeadLettersOnPostgresTest.Profile.class)
class DeadLettersOnPostgresTest extends DeadLettersTest {
    // every test and its assertions are inherited from DeadLettersTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
    }
}
