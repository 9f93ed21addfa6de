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
    // every test and its assertions are inherited from UploadPipelineTest; this class only changes where it runs
    public static class Profile extends OnPostgres {
    }
}
