package com.greenvue.images.upload;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.ErrorEnvelope;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import com.greenvue.images.security.UploadAuthentication;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * POST /api/upload/listing_image: validates every part, queues all of them durably or none, and
 * answers 202 with the final public URLs at once. Never decodes or resizes on the request path.
 */
@Path("/api/upload")
@SecurityScheme(securitySchemeName = "userToken", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A Supabase user access token (HS256), required when SUPABASE_JWT_SECRET is configured")
@SecurityRequirement(name = "userToken")
@Tag(name = "Upload")
public class UploadResource {

    /** The multipart form as OpenAPI shows it (any part name carries an image; clients use 'images'). */
    @Schema(name = "ListingImageUpload")
    public static class UploadForm {
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                implementation = byte[].class, format = "binary",
                description = "JPEG, PNG, WebP, GIF or BMP files; any part name is accepted")
        public List<byte[]> images;
        @Schema(description = "Source of the file-name slug", maxLength = 200)
        public String listing_title;
    }

    /** The 202 answer as OpenAPI shows it (API.md: exactly this shape). Documentation only: upload() builds a map. */
    @Schema(name = "UploadAccepted")
    public record Accepted(@Schema(enumeration = "success") String status, AcceptedData data) {
    }

    @Schema(name = "UploadAcceptedData")
    public record AcceptedData(
            @Schema(examples = "2 images queued for processing") String message,
            int image_count,
            List<QueuedImage> images,
            @Schema(enumeration = "processing") String status) {
    }

    @Schema(name = "QueuedImage")
    public record QueuedImage(
            UUID id,
            @Schema(description = "The final public URL; answers 200 with the WebP once processed") String url,
            @Schema(description = "Slug of listing_title, '-', the first 8 hex digits of the id, '.webp'",
                    examples = "my-listing-550e8400.webp") String file_name,
            @Schema(enumeration = "pending") String status) {
    }

    @Inject
    Intake intake;
    @Inject
    MultipartReader multipart;

    /**
     * The same call with a body that is not multipart/form-data (the REST layer picks {@link #upload} for
     * multipart bodies): API.md keeps 415 for image bytes of another format, so this is a 400.
     */
    @POST
    @Path("/listing_image")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    @HttpAuthenticationMechanism(UploadAuthentication.SCHEME)
    @RolesAllowed(UploadAuthentication.UPLOADER)
    public Response notMultipart() {
        throw new ApiException(400, "not_multipart", "Uploads are multipart/form-data: send each image as a file part, "
                + "e.g. curl -F images=@photo.jpg -F listing_title='My listing'.");
    }

    @POST
    @Path("/listing_image")
    @Operation(summary = "Queue listing photos", description = "Validates every part by its bytes, queues all of them "
            + "durably or none, and answers at once with the final public URLs. Send Idempotency-Key to make retries safe.")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(responseCode = "202", description = "Queued; data.images holds id, url, file_name, status per image",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "No file part, not multipart or malformed multipart, empty, truncated "
            + "or undecodable image, bad listing_title or Idempotency-Key; error.details names a rejected part",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "401", description = "Authentication configured and the token is missing or wrong",
            headers = @Header(name = "WWW-Authenticate", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "413", description = "A part over the byte limit, a body over the limit, an image over the pixel limit, too many parts",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "415", description = "A part that is not JPEG, PNG, WebP, GIF or BMP (judged by its bytes)",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "503", description = "Queue full or spool not writable; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "507", description = "insufficient_storage: the data volume has no room for the upload "
            + "(nothing was kept; retry after Retry-After)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    // decided on the route the REST layer matched, before the body is read (see UploadAuthentication)
    @HttpAuthenticationMechanism(UploadAuthentication.SCHEME)
    @RolesAllowed(UploadAuthentication.UPLOADER)
    public Response upload(InputStream body,
            @RestHeader("Content-Type") String contentType,
            @RestHeader("X-Request-Id") String requestIdHeader,
            @RestHeader("Idempotency-Key") String idempotencyKey) throws IOException {
        String requestId = requestIdHeader != null && requestIdHeader.matches("[A-Za-z0-9._-]{1,64}")
                ? requestIdHeader : UUID.randomUUID().toString().substring(0, 8);
        // the body is read here, after the token check; closing the form removes the temp files not queued
        try (MultipartReader.Form form = multipart.read(body, contentType)) {
            if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
                throw new ApiException(400, "invalid_idempotency_key",
                        "Idempotency-Key must be 1-255 visible ASCII characters.", Map.of("field", "Idempotency-Key"));
            }
            List<ImageRecord> queued = intake.accept(form.images(), form.text("listing_title"), requestId,
                    idempotencyKey);
            return Response.accepted(Envelope.success(acceptedData(queued))).build();
        }
    }

    /** The 202 answer's data for the records queued (also serialised once by {@link UploadWarmup} at start). */
    static AcceptedData acceptedData(List<ImageRecord> queued) {
        // the state at acceptance: the eagerly woken worker may already hold the (shared, mutable)
        // record, and a replayed answer is the first answer
        List<QueuedImage> images = queued.stream()
                .map(r -> new QueuedImage(r.id(), r.url(), r.fileName(), ImageStatus.PENDING.json()))
                .toList();
        return new AcceptedData(queued.size() + (queued.size() == 1 ? " image" : " images") + " queued for processing",
                queued.size(), images, "processing");
    }
}
