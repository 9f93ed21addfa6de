package com.greenvue.images.debug;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.ErrorEnvelope;
import com.greenvue.images.jobs.JobRegistry;
import com.greenvue.images.processing.ImageWorker;
import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.queue.QueueConfig;
import com.greenvue.images.queue.QueueCounts;
import com.greenvue.images.upload.IncomingImage;
import com.greenvue.images.upload.Intake;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Developer endpoints of API.md ("Debug"): queue status and queuing a file from the server's disk.
 * Answers 404 unless {@code greenvue.debug.enabled} (dev and test only), and never reads a file
 * outside the configured folder.
 */
@Path("/debug")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Debug", description = "Dev and test only: 404 in production")
public class DebugResource {

    static final String IMAGE_JOB_TYPE = "process_images";
    static final java.time.Duration PROCESS_NOW_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** The answer of GET /debug/image-queue-status (not wrapped in the success envelope). */
    @Schema(name = "ImageQueueStatus", requiredProperties = {"pending_count", "queue_status"})
    public record QueueStatus(
            @Schema(description = "Images waiting: pending plus retry") long pending_count,
            QueueState queue_status,
            Counts counts,
            @Schema(description = "Null when nothing waits") Instant oldest_waiting_since,
            @Schema(description = "Bytes of original uploads kept in the spool") long spool_bytes,
            @Schema(description = "An upload wakes the image job at once (greenvue.queue.eager-wakeup)")
            boolean eager_wakeup) {
    }

    @Schema(name = "ImageQueueState", requiredProperties = {"initialized", "status"})
    public record QueueState(
            @Schema(description = "The saved queue has been restored") boolean initialized,
            @Schema(description = "Follows the image job", enumeration = {"active", "paused", "stopped"}) String status) {
    }

    @Schema(name = "ImageQueueCounts")
    public record Counts(long pending, long processing, long retry, long processed, long failed) {
    }

    /** The body of POST /debug/upload-test-image as OpenAPI shows it. Documentation only: the method reads a JsonNode. */
    @Schema(name = "TestImageUpload", requiredProperties = "image_path")
    public record TestImageUpload(
            @Schema(description = "Source of the file-name slug, as for uploads", maxLength = 200) String listing_title,
            @Schema(description = "A file in greenvue.debug.images-dir, relative to it or absolute; anything resolving "
                    + "outside it is refused (403)") String image_path,
            @Schema(description = "Process it before answering (waits up to 60 s)", defaultValue = "false")
            boolean process_now) {
    }

    @Inject
    DebugConfig config;
    @Inject
    ImageQueue queue;
    @Inject
    QueueConfig queueConfig;
    @Inject
    JobRegistry jobs;
    @Inject
    Intake intake;
    @Inject
    ImageWorker worker;
    @Inject
    TestImageFolder folder;

    @GET
    @Path("/image-queue-status")
    @Operation(summary = "Queue status: pending_count and queue_status {initialized, status}")
    @APIResponse(responseCode = "200", description = "The queue's counts and the image job's state")
    @APIResponse(responseCode = "404", description = "Debug endpoints are off (production)",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public QueueStatus queueStatus() {
        requireEnabled();
        QueueCounts c = queue.counts();
        return new QueueStatus(c.pending() + c.retry(),
                new QueueState(queue.isRestored(), jobs.stateOfType(IMAGE_JOB_TYPE)),
                new Counts(c.pending(), c.processing(), c.retry(), c.processed(), c.failed()),
                c.oldestWaitingSince(), c.spoolBytes(), queueConfig.eagerWakeup());
    }

    @POST
    @Path("/upload-test-image")
    @Operation(summary = "Queue a file from the configured test image folder; process_now processes it before answering")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TestImageUpload.class),
            examples = @ExampleObject(name = "test-image", value = "{\"listing_title\": \"Test Listing\", "
                    + "\"image_path\": \"/path/to/test/image.jpg\", \"process_now\": true}")))
    @APIResponse(responseCode = "200", description = "The image record; with process_now, after its processing attempt")
    @APIResponse(responseCode = "400", description = "Not a JSON object, missing image_path, listing_title too long, "
            + "or an empty, truncated or undecodable file",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "403", description = "image_path resolves outside the test image folder",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "No such file, no test image folder, or debug endpoints are off",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "413", description = "The file is over the byte or the pixel limit of uploads",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json, or the file is not JPEG, PNG, "
            + "WebP, GIF or BMP (judged by its bytes)",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "503", description = "Queue full or spool not writable; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "507", description = "insufficient_storage: no disk space for the image; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    public Envelope<ImageRecord> uploadTestImage(JsonNode body) throws IOException {
        requireEnabled();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("invalid_body",
                    "The body must be {\"listing_title\": \"…\", \"image_path\": \"…\", \"process_now\": true}.");
        }
        JsonNode pathNode = body.get("image_path");
        if (pathNode == null || !pathNode.isTextual() || pathNode.asText().isBlank()) {
            throw new ApiException(400, "invalid_body", "Field 'image_path' is required (a file inside "
                    + config.imagesDir() + ").", Map.of("field", "image_path"));
        }
        JsonNode titleNode = body.get("listing_title");
        String title = titleNode == null || titleNode.isNull() ? null : titleNode.asText();
        boolean processNow = body.path("process_now").asBoolean(false);

        java.nio.file.Path source = folder.resolve(pathNode.asText());
        java.nio.file.Path copy = folder.copyForIntake(source);
        List<ImageRecord> queued;
        try {
            queued = intake.accept(List.of(new IncomingImage("image_path", source.getFileName().toString(), copy,
                    Files.size(copy))), title, "debug-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (NoSuchFileException ignored) {
                // moved into the spool
            }
        }
        UUID id = queued.get(0).id();
        if (processNow && worker.processNow(id).isEmpty()) {
            // the eagerly woken worker took it first: wait for its outcome instead
            awaitOutcome(id);
        }
        return Envelope.success(queue.find(id).orElseThrow());
    }

    private void awaitOutcome(UUID id) {
        long deadline = System.nanoTime() + PROCESS_NOW_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ImageStatus s = queue.find(id).map(ImageRecord::status).orElse(ImageStatus.FAILED);
            if (s != ImageStatus.PENDING && s != ImageStatus.PROCESSING) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw new ApiException(404, "not_found", "No such endpoint (debug endpoints are off in production).");
        }
    }
}
