package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * /api/images: where an uploaded image stands (public, by id), and the operators' dead-letter
 * calls — listing by status and requeueing failed images (guarded by the admin token).
 */
@Path("/api/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    static final int MAX_PAGE = 500;

    @Inject
    ImageQueue queue;

    @GET
    @Path("/{id}")
    public Envelope<ImageRecord> get(@PathParam("id") String id) {
        return Envelope.success(queue.find(parse(id)).orElseThrow(() ->
                new ApiException(404, "image_not_found", "No image with id '" + id + "'.")));
    }

    @GET
    public Envelope<Map<String, Object>> list(@QueryParam("status") String status,
            @QueryParam("offset") @DefaultValue("0") String offset,
            @QueryParam("limit") @DefaultValue("50") String limit) {
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("images", page.items());
        data.put("total", page.total());
        data.put("offset", page.offset());
        data.put("limit", page.limit());
        return Envelope.success(data);
    }

    @POST
    @Path("/{id}/retry")
    public Envelope<ImageRecord> retry(@PathParam("id") String id) {
        return Envelope.success(queue.requeue(parse(id)));
    }

    @POST
    @Path("/retry")
    public Envelope<Map<String, Object>> retryAllFailed() {
        return Envelope.success(Map.of("requeued", queue.requeueAllFailed()));
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
