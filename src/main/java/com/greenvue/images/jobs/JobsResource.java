package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.JsonNode;
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
public class JobsResource {

    @Inject
    JobRegistry registry;

    @GET
    public Envelope<List<JobView>> list() {
        return Envelope.success(registry.list());
    }

    @GET
    @Path("/{id}")
    public Envelope<JobView> get(@PathParam("id") String id) {
        return Envelope.success(registry.find(id).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(JsonNode body) {
        boolean created = registry.put(body);
        JobView view = registry.find(body.get("id").asText()).orElseThrow();
        return Response.status(created ? 201 : 200).entity(Envelope.success(view)).build();
    }

    @DELETE
    @Path("/{id}")
    public Envelope<Map<String, Object>> delete(@PathParam("id") String id) {
        registry.delete(id);
        return Envelope.success(Map.of("id", id, "deleted", true));
    }

    @POST
    @Path("/{id}/run")
    public Envelope<JobView> run(@PathParam("id") String id) {
        return Envelope.success(registry.runNow(id));
    }

    @POST
    @Path("/{id}/pause")
    public Envelope<JobView> pause(@PathParam("id") String id) {
        return Envelope.success(registry.pause(id));
    }

    @POST
    @Path("/{id}/resume")
    public Envelope<JobView> resume(@PathParam("id") String id) {
        return Envelope.success(registry.resume(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "job_not_found", "No job with id '" + id + "'. GET /api/jobs lists them.");
    }
}
