package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** GET /api/images/{id}: where an uploaded image stands. */
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    @Inject
    ImageQueue queue;

    @GET
    @Path("/{id}")
    public Envelope<ImageRecord> get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "image_not_found", "No image with id '" + id + "' (ids are UUIDs).");
        }
        return Envelope.success(queue.find(uuid).orElseThrow(() ->
                new ApiException(404, "image_not_found", "No image with id '" + id + "'.")));
    }
}
