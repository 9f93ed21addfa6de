package com.greenvue.images.upload;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link IdempotencyKeyTest} on the postgres backend. */
@QuarkusTest
@RequiresPostgres
@TestProfile(IdempotencyKeyOnPostgresTest.Profile.class)
class IdempotencyKeyOnPostgresTest extends IdempotencyKeyTest {
    // every test and its assertions are inherited from IdempotencyKeyTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
    }
}
