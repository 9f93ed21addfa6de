package com.greenvue.images.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.greenvue.images.TestImages;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Postgres backend: when the database cannot be reached, readiness turns DOWN (Kubernetes stops
 * sending uploads to the pod), liveness stays UP (no restart loop), an upload gets a JSON 503, and
 * everything comes back when the database does. The outage is real: the service's own database role
 * is barred from logging in and its sessions are ended.
 */
@QuarkusTest
@RequiresPostgres
@TestProfile(DatabaseReadinessTest.OwnRole.class)
class DatabaseReadinessTest {

    static final String ROLE = "gv_role_" + UUID.randomUUID().toString().substring(0, 8);

    public static class OwnRole implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RoleSchema.class));
        }
    }

    /** A schema owned by a role of its own, so the test can cut the service off without touching anything else. */
    public static class RoleSchema implements QuarkusTestResourceLifecycleManager {
        private String schema;

        @Override
        public Map<String, String> start() {
            sql("CREATE ROLE " + ROLE + " LOGIN");
            schema = PostgresSchema.create();
            sql("ALTER SCHEMA " + schema + " OWNER TO " + ROLE);
            Map<String, String> config = new HashMap<>(PostgresSchema.config(schema));
            config.put("quarkus.datasource.username", ROLE);
            config.put("greenvue.queue.retry-after", "7s");
            return config;
        }

        @Override
        public void stop() {
            PostgresSchema.drop(schema);
            sql("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    static void sql(String statement) {
        try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, null);
                Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    @Test
    void anUnreachableDatabaseTurnsReadinessDownAndUploadsInto503UntilItIsBack() {
        given().get("/q/health/ready").then().statusCode(200);
        sql("ALTER ROLE " + ROLE + " NOLOGIN");
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/live").then().statusCode(200);
            given().multiPart("images", "x.jpg", TestImages.jpeg(100, 80), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo("error"))
                    .body("error.code", equalTo("spool_unavailable"));
            given().get("/api/images/" + UUID.randomUUID()).then().statusCode(503)
                    .body("error.code", equalTo("queue_unavailable"));
        } finally {
            sql("ALTER ROLE " + ROLE + " LOGIN");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        String id = given().multiPart("images", "x.jpg", TestImages.jpeg(100, 80), "image/jpeg")
                .post("/api/upload/listing_image").then().statusCode(202).extract().path("data.images[0].id");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "processed".equals(given().get("/api/images/" + id).then().extract().path("data.status")));
    }
}
