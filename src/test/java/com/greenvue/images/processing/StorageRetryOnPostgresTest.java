package com.greenvue.images.processing;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StorageRetryTest} on the postgres backend. */
@QuarkusTest
@RequiresPostgres
@TestProfile(StorageRetryOnPostgresTest.Profile.class)
class StorageRetryOnPostgresTest extends StorageRetryTest {
    // every test and its assertions are inherited from StorageRetryTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
    }
}
