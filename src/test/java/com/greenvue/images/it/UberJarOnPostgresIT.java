package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-jar build (target/uber-app/greenvue-images.jar, what the JVM image runs) on the postgres
 * backend: one class path instead of Quarkus' class loader, so Flyway finds its migrations, the
 * JDBC driver and Agroal start, the bundled native code loads from inside the jar, and photos are
 * published; it logs in Quarkus' format. (TrainingRunIT runs it on the file backend.)
 */
@RequiresPostgres
class UberJarOnPostgresIT {

    @RegisterExtension
    final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();

    @Test
    void theOneJarBuildMigratesTheSchemaAndPublishesPhotos() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("uber-pg");
        try (ServiceProcess service = new ServiceProcess(dir.resolve("data"),
                MultiReplicaIT.env(schema.name(), dir.resolve("objects"), Duration.ofSeconds(5)), ServiceProcess.UBER_JAR).start()) {
            List<CrashRecoveryIT.Accepted> accepted = CrashRecoveryIT.upload(service, 3, "One jar");
            CrashRecoveryIT.assertAllPublished(service, accepted); // decoded: 853 x 640 WebP
            HttpResponse<String> job = service.get("/api/jobs/process-image-queue");
            assertEquals(200, job.statusCode(), job.body());
            String log = service.log();
            assertTrue(log.contains("JPEG decoder: libjpeg-turbo"), log);
            TrainingRunIT.assertJBossLogFormat(log);
        }
        try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema.name() + ".flyway_schema_history WHERE success")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) > 0, "Flyway applied the migrations from inside the jar");
        }
    }
}
