package com.greenvue.images.upload;

import com.greenvue.images.postgres.OnPostgres;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link UploadPipelineTest} on the postgres backend. */
@QuarkusTest
@RequiresPostgres
@TestProfile(UploadPipelineOnPostgresTest.Profile.class)
class UploadPipelineOnPostgresTest extends UploadPipelineTest {
    public static class Profile extends OnPostgres {
    }
}
