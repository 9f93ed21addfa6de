package com.greenvue.images.processing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.storage.ImageStorage;
import com.greenvue.images.storage.LocalImageStorage;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Errors inside a worker future are never swallowed: an Error is logged with the image id and
 * recorded as a failed attempt (the image is retried, then processed), and an OutOfMemoryError
 * is not treated as the image's fault: the image goes back to the queue with no attempt counted.
 */
@QuarkusTest
class WorkerErrorsTest {

    @Inject
    ImageQueue queue;
    @Inject
    ImagePipeline pipeline;
    @Inject
    LocalImageStorage local;

    /** The real pipeline, throwing what {@code next} supplies on its first {@code times} calls. */
    static final class ThrowingPipeline extends ImagePipeline {
        final ImagePipeline real;
        final Supplier<Throwable> next;
        final AtomicInteger throwsLeft;
        final AtomicInteger calls = new AtomicInteger();

        ThrowingPipeline(ImagePipeline real, int times, Supplier<Throwable> next) {
            super(640, 80, 4, 50_000_000L, WebpEncoder.preferred());
            this.real = real;
            this.throwsLeft = new AtomicInteger(times);
            this.next = next;
        }

        @Override
        public ProcessedImage process(byte[] source, StageTimes times) throws PermanentProcessingException, IOException {
            calls.incrementAndGet();
            if (throwsLeft.getAndDecrement() > 0) {
                Throwable t = next.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
            return real.process(source, times);
        }
    }

    @Test
    void anErrorInThePipelineIsRecordedAsAFailedAttemptAndTheImageIsRetried() {
        ThrowingPipeline throwing = new ThrowingPipeline(ClientProxy.unwrap(pipeline), 1,
                () -> new LinkageError("simulated linkage failure"));
        QuarkusMock.installMockForType(throwing, ImagePipeline.class);
        UUID id = upload();
        // before the fix the future's Error was counted as "retried" and the image sat in
        // processing until its lease (2 minutes) expired, with nothing recorded
        ImageRecord r = awaitStatus(id, ImageStatus.PROCESSED, Duration.ofSeconds(20));
        assertEquals(1, r.retries());
        assertEquals(1, r.attempts().size());
        String error = r.attempts().get(0).error();
        assertTrue(error.contains("LinkageError") && error.contains("simulated linkage failure"), error);
        assertEquals(false, r.attempts().get(0).permanent());
        assertEquals(2, throwing.calls.get());
    }

    @Test
    void anErrorWhilePublishingIsRecordedAsAFailedAttempt() {
        AtomicInteger puts = new AtomicInteger();
        QuarkusMock.installMockForType(new ImageStorage() {
            @Override
            public void put(String fileName, byte[] webp) {
                if (puts.incrementAndGet() == 1) {
                    throw new AssertionError("simulated storage client bug");
                }
                local.put(fileName, webp);
            }

            @Override
            public String publicUrl(String fileName) {
                return local.publicUrl(fileName);
            }

            @Override
            public String name() {
                return "throwing";
            }
        }, ImageStorage.class);
        UUID id = upload();
        ImageRecord r = awaitStatus(id, ImageStatus.PROCESSED, Duration.ofSeconds(20));
        assertEquals(1, r.retries());
        assertTrue(r.attempts().get(0).error().contains("simulated storage client bug"), r.attempts().get(0).error());
        given().get(r.url().substring(r.url().indexOf("/storage/v1/"))).then().statusCode(200);
    }

    @Test
    void outOfMemoryIsNotCountedAsTheImagesFailureAndTheImageGoesBackToTheQueue() {
        ThrowingPipeline throwing = new ThrowingPipeline(ClientProxy.unwrap(pipeline), 1,
                () -> new OutOfMemoryError("simulated: Java heap space"));
        QuarkusMock.installMockForType(throwing, ImagePipeline.class);
        UUID id = upload();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> throwing.calls.get() >= 1);
        // released, not failed: back to pending with no attempt counted (before: retry 1, "unexpected error")
        ImageRecord released = awaitStatus(id, ImageStatus.PENDING, Duration.ofSeconds(10));
        assertEquals(0, released.retries());
        assertEquals(0, released.attempts().size());
        // the run that met it ended with the error instead of carrying on
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                String.valueOf(given().get("/api/jobs/process-image-queue").jsonPath().getString("data.last_run.error"))
                        .contains("OutOfMemoryError"));
        given().post("/api/jobs/process-image-queue/run").then().statusCode(200);
        ImageRecord r = awaitStatus(id, ImageStatus.PROCESSED, Duration.ofSeconds(20));
        assertEquals(0, r.retries());
        assertEquals(0, r.attempts().size());
    }

    private static UUID upload() {
        String id = given().multiPart("images", "photo.jpg", TestImages.jpeg(300, 200), "image/jpeg")
                .when().post("/api/upload/listing_image")
                .then().statusCode(202)
                .extract().jsonPath().getString("data.images[0].id");
        return UUID.fromString(id);
    }

    private ImageRecord awaitStatus(UUID id, ImageStatus status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> queue.find(id).orElseThrow().status() == status);
        return queue.find(id).orElseThrow();
    }
}
