package com.greenvue.images.upload;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.ImageStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * POST /api/upload/listing_image: validates every part, queues all of them durably or none, and
 * answers 202 with the final public URLs at once. Never decodes or resizes on the request path.
 */
@Path("/api/upload")
public class UploadResource {

    @Inject
    Intake intake;

    @POST
    @Path("/listing_image")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm(FileUpload.ALL) List<FileUpload> parts,
            @RestForm("listing_title") String listingTitle,
            @RestHeader("X-Request-Id") String requestIdHeader,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        String requestId = requestIdHeader != null && requestIdHeader.matches("[A-Za-z0-9._-]{1,64}")
                ? requestIdHeader : UUID.randomUUID().toString().substring(0, 8);
        List<IncomingImage> incoming = parts == null ? List.of()
                : parts.stream().map(IncomingImage::of).toList();
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7E]{1,255}")) {
            throw new ApiException(400, "invalid_idempotency_key",
                    "Idempotency-Key must be 1-255 visible ASCII characters.", Map.of("field", "Idempotency-Key"));
        }
        List<ImageRecord> queued = intake.accept(incoming, listingTitle, requestId, idempotencyKey);

        List<Map<String, Object>> images = new ArrayList<>();
        for (ImageRecord r : queued) {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("id", r.id());
            image.put("url", r.url());
            image.put("file_name", r.fileName());
            // a replayed answer is the first answer: the image was pending when it was accepted
            image.put("status", idempotencyKey == null ? r.status() : ImageStatus.PENDING);
            images.add(image);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", queued.size() + (queued.size() == 1 ? " image" : " images") + " queued for processing");
        data.put("image_count", queued.size());
        data.put("images", images);
        data.put("status", "processing");
        return Response.accepted(Envelope.success(data)).build();
    }
}
