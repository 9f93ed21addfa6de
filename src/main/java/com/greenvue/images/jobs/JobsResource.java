package com.greenvue.images.jobs;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.ErrorEnvelope;
import com.greenvue.images.security.AdminTokenMechanism;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** /api/jobs: the operators' curl interface to the job registry, exactly as API.md describes it. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "GREENVUE_ADMIN_TOKEN, when configured")
@SecurityRequirement(name = "adminToken")
@Tag(name = "Jobs", description = "Admin token required when configured (401); changing calls are 403 in production without one")
// the admin token is checked before any of these operations runs; every call changes jobs unless marked READ
@HttpAuthenticationMechanism(AdminTokenMechanism.SCHEME)
@RolesAllowed(AdminTokenMechanism.WRITE)
@APIResponse(responseCode = "401", description = AdminTokenMechanism.DOC_401,
        content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
public class JobsResource {

    /** API.md's seed body: the default job, exactly as clients send it. */
    static final String SEED_EXAMPLE = "{\"id\": \"process-image-queue\", \"name\": \"Process Image Queue\", "
            + "\"description\": \"Process pending images in queue\", \"type\": \"process_images\", "
            + "\"interval\": \"10s\", \"payload\": {\"batch_size\": 10}}";

    /** The body of POST /api/jobs as OpenAPI shows it. Documentation only: put() reads the raw text. */
    @Schema(name = "JobBody", requiredProperties = {"id", "type", "interval"})
    public record JobBody(
            @Schema(description = "Replaces the job with the same id", pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
            String id,
            @Schema(description = "Defaults to the id") String name,
            @Schema(description = "Defaults to empty") String description,
            @Schema(enumeration = ProcessImagesHandler.TYPE) String type,
            @Schema(description = "Go duration syntax (500ms, 10s, 1m30s, 2h), from greenvue.jobs.min-interval "
                    + "(100ms) to max-interval (24h)", examples = "10s") String interval,
            JobPayload payload) {
    }

    /** Payload of a process_images job. */
    @Schema(name = "JobPayload", description = "Depends on type; process_images takes batch_size")
    public record JobPayload(
            @Schema(description = "Images claimed per run (default greenvue.jobs.default-batch-size, 10)",
                    minimum = "1", maximum = "1000") Integer batch_size) {
    }

    /** The answer to POST /api/jobs. Documentation only: put() builds a Response around Envelope. */
    @Schema(name = "JobAnswer")
    public record JobAnswer(@Schema(enumeration = "success") String status, JobView data) {
    }

    @Inject
    JobRegistry registry;
    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "Every job with its state and last run")
    @APIResponse(responseCode = "200", description = "data: every job")
    @RolesAllowed(AdminTokenMechanism.READ)
    public Envelope<List<JobView>> list() {
        return Envelope.success(registry.list());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @RolesAllowed(AdminTokenMechanism.READ)
    public Envelope<JobView> get(@PathParam("id") String id) {
        return Envelope.success(registry.find(id).orElseThrow(() -> notFound(id)));
    }

    @POST
    // any Content-Type: the body is read as JSON whatever the client labelled it, so an operator's
    // plain `curl -d '{...}'` (sent as application/x-www-form-urlencoded) works as well as -H json
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create, or replace and restart, a job",
            description = "Body: {id, name, description, type, interval (Go duration), payload}. Read as JSON "
                    + "whatever its Content-Type.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobBody.class),
            examples = @ExampleObject(name = "process-image-queue", summary = "The default job", value = SEED_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = JobAnswer.class)))
    @APIResponse(responseCode = "200", description = "Replaced and restarted",
            content = @Content(schema = @Schema(implementation = JobAnswer.class)))
    @APIResponse(responseCode = "400", description = "Not JSON, or an invalid field (missing id, unknown type, bad "
            + "interval, batch_size out of range); error.details.field names the field",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Response put(String raw) throws JsonProcessingException {
        // strict: one JSON document, no trailing content, no key given twice
        JsonNode body = raw == null || raw.isBlank() ? null : json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withFeatures(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .readTree(raw);
        boolean created = registry.put(body);
        JobView view = registry.find(body.get("id").asText()).orElseThrow();
        return Response.status(created ? 201 : 200).entity(Envelope.success(view)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop and remove a job")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<Map<String, Object>> delete(@PathParam("id") String id) {
        registry.delete(id);
        return Envelope.success(Map.of("id", id, "deleted", true));
    }

    @POST
    @Path("/{id}/run")
    @Operation(summary = "Run once now, even when paused")
    @APIResponse(responseCode = "200", description = "The job after the run")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "409", description = "A run is in progress",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> run(@PathParam("id") String id) {
        return Envelope.success(registry.runNow(id));
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a job")
    @APIResponse(responseCode = "200", description = "The paused job")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> pause(@PathParam("id") String id) {
        return Envelope.success(registry.pause(id));
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "200", description = "The resumed job")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> resume(@PathParam("id") String id) {
        return Envelope.success(registry.resume(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "job_not_found", "No job with id '" + id + "'. GET /api/jobs lists them.");
    }
}
