package com.greenvue.images.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Probes, metrics and the OpenAPI document as Kubernetes, Prometheus and client authors see them. */
@QuarkusTest
class ObservabilityTest {

    @Test
    void probesReportUpWithUsefulData() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("image-queue"))
                .body("checks.find { it.name == 'image-queue' }.data.spool_writable", equalTo(true));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void outcomeCountersExistBeforeAnythingFailed() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : new String[] {"greenvue_images_processed_total", "greenvue_images_retried_total",
            "greenvue_images_failed_total{permanent=\"true\"}", "greenvue_images_failed_total{permanent=\"false\"}"}) {
            assertTrue(text.contains(series), series + " is exported from the start");
        }
    }

    @Test
    void afterThreeUploadsTheCountersAndHistogramsShowThem() {
        double acceptedBefore = metric("greenvue_images_accepted_total");
        double processedBefore = metric("greenvue_images_processed_total");
        double[] stagesBefore = new double[4];
        String[] stages = {"decode", "resize", "encode", "upload"};
        for (int i = 0; i < stages.length; i++) {
            stagesBefore[i] = metric("greenvue_image_stage_seconds_count", "stage=\"" + stages[i] + "\"");
        }
        double toUrlBefore = metric("greenvue_image_time_to_url_seconds_count");
        for (int i = 0; i < 3; i++) {
            given().multiPart("images", "m" + i + ".jpg", TestImages.jpeg(300, 200), "image/jpeg")
                    .post("/api/upload/listing_image").then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> metric("greenvue_images_processed_total") >= processedBefore + 3);
        assertTrue(metric("greenvue_images_accepted_total") >= acceptedBefore + 3);
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String stage : new String[] {"decode", "resize", "encode", "upload"}) {
            assertTrue(text.contains("greenvue_image_stage_seconds_bucket{stage=\"" + stage + "\""), stage + " histogram");
        }
        for (int i = 0; i < stages.length; i++) {
            double now = metric("greenvue_image_stage_seconds_count", "stage=\"" + stages[i] + "\"");
            assertTrue(now >= stagesBefore[i] + 3, stages[i] + " timer counted the 3 images: " + stagesBefore[i] + " -> " + now);
        }
        assertTrue(metric("greenvue_image_time_to_url_seconds_count") >= toUrlBefore + 3, "end-to-end timer counted them");
        assertTrue(text.contains("greenvue_queue_depth{status=\"pending\"}"), "depth gauge");
        assertTrue(text.contains("greenvue_queue_oldest_waiting_age_seconds"), "oldest pending gauge");
        assertTrue(text.contains("greenvue_spool_bytes"), "spool gauge");
        assertTrue(text.contains("greenvue_job_runs_total{job=\"process-image-queue\",outcome=\"worked\"}"), "job runs");
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        String doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        for (String path : new String[] {"/api/upload/listing_image", "/api/images/{id}", "/api/images",
            "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/run", "/api/jobs/{id}/pause", "/api/jobs/{id}/resume",
            "/debug/image-queue-status", "/debug/upload-test-image"}) {
            assertTrue(doc.contains("\"" + path + "\""), path + " documented");
        }
        // the upload's refusals are documented on the upload operation itself, not just somewhere in the document
        given().get("/q/openapi?format=json").then()
                .body("paths.'/api/upload/listing_image'.post.responses.'413'.description", containsString("byte limit"))
                .body("paths.'/api/upload/listing_image'.post.responses.'415'", notNullValue())
                .body("paths.'/api/upload/listing_image'.post.responses.'202'", notNullValue());
        assertTrue(doc.contains("\"adminToken\"") && doc.contains("\"userToken\""), "bearer schemes documented");
    }

    static double metric(String name) {
        return metric(name, "");
    }

    /** Sum of the series of {@code name} whose labels contain {@code labelPart}. */
    static double metric(String name, String labelPart) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        double sum = 0;
        while (m.find()) {
            if (labelPart.isEmpty() || (m.group(1) != null && m.group(1).contains(labelPart))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
