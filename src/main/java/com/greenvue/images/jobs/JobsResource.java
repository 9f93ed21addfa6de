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
import com.greenvue.images.api.Envelope;
import com.greenvue.images.api.ErrorEnvelope;
import com.greenvue.images.security.AdminTokenMechanism;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import com.greenvue.images.api.ErrorMappers;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
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
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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

    @Inject
    JobRegistry registry;
    @Inject
    ErrorMappers errors;
    @Inject
    Validator validator;

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
    @RolesAllowed(AdminTokenMechanism.READ)
    public Envelope<JobView> get(@PathParam("id") String id) throws JobNotFoundException {
        return Envelope.success(registry.find(id).orElseThrow(() -> JobTable.notFound(id)));
    }

    @POST
    // any Content-Type: the body is read as JSON whatever the client labelled it, so an operator's
    // plain `curl -d '{...}'` (sent as application/x-www-form-urlencoded) works as well as -H json
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create, or replace and restart, a job",
            description = "Body: {id, name, description, type, interval (Go duration), payload}. Read as JSON "
                    + "whatever its Content-Type.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = JobRequest.class),
            examples = @ExampleObject(name = "process-image-queue", summary = "The default job", value = SEED_EXAMPLE)))
    // the 200's schema is generated from the return type; the 201 carries the same answer
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(ref = "EnvelopeJobView")))
    @APIResponse(responseCode = "200", description = "Replaced and restarted")
    @APIResponse(responseCode = "400", description = "Not JSON, or an invalid field (missing id, unknown type, bad "
            + "interval, batch_size out of range); error.details.field names the field",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public RestResponse<Envelope<JobView>> put(JobRequest body) {
        // Hibernate Validator, asked here rather than by @Valid on the parameter: a constraint on a
        // resource method makes Hibernate Validator read this class's every annotation (OpenAPI's,
        // JAX-RS') at each start, one generated proxy class per annotation type (README, round 10)
        Set<ConstraintViolation<JobRequest>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        boolean created = registry.put(body);
        JobView view = registry.find(body.id()).orElseThrow();
        return RestResponse.status(created ? RestResponse.Status.CREATED : RestResponse.Status.OK, Envelope.success(view));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop and remove a job")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<Deleted> delete(@PathParam("id") String id) throws JobNotFoundException {
        registry.delete(id);
        return Envelope.success(new Deleted(id, true));
    }

    /** The answer of DELETE /api/jobs/{id}. */
    public record Deleted(String id, boolean deleted) {
    }

    @POST
    @Path("/{id}/run")
    @Operation(summary = "Run once now, even when paused")
    @APIResponse(responseCode = "200", description = "The job after the run")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    @APIResponse(responseCode = "409", description = "A run is in progress",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> run(@PathParam("id") String id) throws JobNotFoundException {
        return Envelope.success(registry.runNow(id));
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a job")
    @APIResponse(responseCode = "200", description = "The paused job")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> pause(@PathParam("id") String id) throws JobNotFoundException {
        return Envelope.success(registry.pause(id));
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "200", description = "The resumed job")
    @APIResponse(responseCode = "403", description = AdminTokenMechanism.DOC_403,
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Envelope<JobView> resume(@PathParam("id") String id) throws JobNotFoundException {
        return Envelope.success(registry.resume(id));
    }

    /** Every operation that declares it gets this 404 in the OpenAPI document. */
    @ServerExceptionMapper
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(schema = @Schema(implementation = ErrorEnvelope.class)))
    public Response notFound(JobNotFoundException e) {
        return errors.api(e);
    }
}
