package com.greenvue.images.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A storage server without Supabase's gateway: routes at its root (api-url set to it, no
 * SUPABASE_URL at all) and public URLs built from the separately configured public base.
 */
@QuarkusTest
@TestProfile(SupabaseBackendProfile.class)
@WithTestResource(value = FakeSupabaseStorageResource.class,
        initArgs = @ResourceArg(name = "style", value = "self-hosted"))
class SupabaseSelfHostedStorageServerTest {

    final FakeStorageControl fake = new FakeStorageControl();

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    @Test
    void uploadGoesToTheServerRootAndTheUrlUsesThePublicBase() {
        JsonPath image = SupabaseTestSupport.uploadOne("Self hosted", 30);
        String fileName = image.getString("file_name");
        assertEquals(fake.url + "/storage/v1/object/public/listing-images/" + fileName, image.getString("url"));

        assertEquals("processed", SupabaseTestSupport.awaitFinished(image.getString("id")).getString("status"));
        assertEquals("image/webp", fake.state().getString("objects.'listing-images/" + fileName + "'.content_type"));
        given().when().get(image.getString("url")).then().statusCode(200).contentType("image/webp");
    }
}
