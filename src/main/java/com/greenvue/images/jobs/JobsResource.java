package com.greenvue.images.jobs;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
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
public class JobsResource {

    @Inject
    JobRegistry registry;
    @Inject
    ObjectMapper json;

    @GET
    @Operation(summary = "Every job with its state and last run")
    public Envelope<List<JobView>> list() {
        return Envelope.success(registry.list());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "Unknown job")
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
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "Replaced and restarted")
    @APIResponse(responseCode = "400", description = "Invalid body; error.details.field names the field")
    public Response put(String raw) throws JsonProcessingException {
        JsonNode body = raw == null || raw.isBlank() ? null : json.readTree(raw);
        boolean created = registry.put(body);
        JobView view = registry.find(body.get("id").asText()).orElseThrow();
        return Response.status(created ? 201 : 200).entity(Envelope.success(view)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop and remove a job")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Envelope<Map<String, Object>> delete(@PathParam("id") String id) {
        registry.delete(id);
        return Envelope.success(Map.of("id", id, "deleted", true));
    }

    @POST
    @Path("/{id}/run")
    @Operation(summary = "Run once now, even when paused")
    @APIResponse(responseCode = "200", description = "The job after the run")
    @APIResponse(responseCode = "404", description = "Unknown job")
    @APIResponse(responseCode = "409", description = "A run is in progress")
    public Envelope<JobView> run(@PathParam("id") String id) {
        return Envelope.success(registry.runNow(id));
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a job")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Envelope<JobView> pause(@PathParam("id") String id) {
        return Envelope.success(registry.pause(id));
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Envelope<JobView> resume(@PathParam("id") String id) {
        return Envelope.success(registry.resume(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "job_not_found", "No job with id '" + id + "'. GET /api/jobs lists them.");
    }
}
