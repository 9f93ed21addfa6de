package com.greenvue.images.queue;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import com.greenvue.images.jobs.JobsConfig;
import com.greenvue.images.security.AdminTokenIdentityProvider;
import com.greenvue.images.security.AdminTokenMechanism;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.ErrorEnvelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /api/images: where an uploaded image stands (public, by id), and the operators' dead-letter
 * calls — listing by status and requeueing failed images (the admin token, {@link AdminTokenMechanism}).
 */
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Images")
public class ImagesResource {

    static final int MAX_PAGE = 500;

    @Inject
    ImageQueue queue;
    @Inject
    JobsConfig jobsConfig;

    /** GET /api/images/{id} as anyone sees it (documentation of the 200 answer). */
    @Schema(name = "PublicImageAnswer")
    public record PublicImageAnswer(@Schema(enumeration = "success") String status, PublicImage data) {
    }

    /** GET /api/images/{id} with the admin token (documentation of the 200 answer). */
    @Schema(name = "AdminImageAnswer")
    public record AdminImageAnswer(@Schema(enumeration = "success") String status,
            @Schema(description = "The full record: the public fields plus listing_title, format, original_bytes, "
                    + "width, height, part_name, part_index, lease_owner, lease_expires_at, output_bytes, request_id, "
                    + "idempotency_key and attempts (time, error, permanent)") ImageRecord data) {
    }

    /** One page of GET /api/images. */
    public record ImagePage(
            @Schema(description = "Oldest first: full records (ImageRecord) with the admin token, else public views "
                    + "(PublicImage)") List<?> images,
            @Schema(description = "Images in this status (all statuses when none was given)") long total,
            int offset, int limit) {
    }

    /** The answer of POST /api/images/retry. */
    public record Requeued(@Schema(description = "How many failed images were requeued") int requeued) {
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Where one image stands", description = "status is pending, processing, processed, retry or "
            + "failed. Anyone with the id gets the public view (id, url, file_name, status, error, retries and "
            + "timestamps); with the admin token (or in dev/test when no token is configured) the full record, "
            + "with the operator's details and every attempt.")
    @SecurityRequirementsSet(@SecurityRequirement(name = "adminToken"))
    @SecurityRequirementsSet({})
    @APIResponse(responseCode = "200", description = "PublicImageAnswer without the admin token, AdminImageAnswer with it",
            content = @Content(schema = @Schema(oneOf = {PublicImageAnswer.class, AdminImageAnswer.class})))
    @APIResponse(responseCode = "404", description = "Unknown id, or not a UUID",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @PermitAll // a missing or wrong admin token is not refused here: it gets the public view
    public Envelope<Object> get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        ImageRecord r = queue.find(parse(id)).orElseThrow(() ->
                new ApiException(404, "image_not_found", "No image with id '" + id + "'."));
        return Envelope.success(AdminTokenIdentityProvider.grantsAdminView(jobsConfig, authorization) ? r : PublicImage.of(r));
    }

    @GET
    @Operation(summary = "List images by status (dead letters: status=failed)", description = "Admin token required when configured")
    @SecurityRequirement(name = "adminToken")
    @APIResponse(responseCode = "200", description = "data.images, total, offset, limit")
    @APIResponse(responseCode = "400", description = "Bad status, offset or limit; error.details.field names it",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "401", description = AdminTokenMechanism.DOC_401,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @HttpAuthenticationMechanism(AdminTokenMechanism.SCHEME)
    @RolesAllowed(AdminTokenMechanism.READ)
    public Envelope<ImagePage> list(@QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") String offset,
            @QueryParam("limit") @DefaultValue("50") String limit,
            @HeaderParam("Authorization") String authorization) {
        ImageStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = ImageStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_status", e.getMessage(), Map.of("field", "status"));
            }
        }
        int off = number("offset", offset, 0, Integer.MAX_VALUE);
        int lim = number("limit", limit, 1, MAX_PAGE);
        ImageQueue.Page page = queue.list(filter, off, lim);
        // production with no admin token configured leaves reading open: then only public views
        List<?> images = AdminTokenIdentityProvider.grantsAdminView(jobsConfig, authorization) ? page.items()
                : page.items().stream().map(PublicImage::of).toList();
        return Envelope.success(new ImagePage(images, page.total(), page.offset(), page.limit()));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Requeue one failed image", description = "Retries reset to 0")
    @SecurityRequirement(name = "adminToken")
    @APIResponse(responseCode = "200", description = "The requeued record")
    @APIResponse(responseCode = "401", description = AdminTokenMechanism.DOC_401,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "Unknown id, or not a UUID",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "409", description = "The image is not failed",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "410", description = "Its original bytes were purged by retention",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @HttpAuthenticationMechanism(AdminTokenMechanism.SCHEME)
    @RolesAllowed(AdminTokenMechanism.WRITE)
    public Envelope<ImageRecord> retry(@PathParam("id") String id) {
        return Envelope.success(queue.requeue(parse(id)));
    }

    @POST
    @Path("/retry")
    @Operation(summary = "Requeue every failed image whose bytes are kept")
    @SecurityRequirement(name = "adminToken")
    @APIResponse(responseCode = "200", description = "data.requeued: how many")
    @APIResponse(responseCode = "401", description = AdminTokenMechanism.DOC_401,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @HttpAuthenticationMechanism(AdminTokenMechanism.SCHEME)
    @RolesAllowed(AdminTokenMechanism.WRITE)
    public Envelope<Requeued> retryAllFailed() {
        return Envelope.success(new Requeued(queue.requeueAllFailed()));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "image_not_found", "No image with id '" + id + "' (ids are UUIDs).");
        }
    }

    private static int number(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_" + field, field + " must be a whole number from " + min + " to " + max,
                    Map.of("field", field));
        }
    }
}
