package com.greenvue.images.storage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.ErrorEnvelope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Serves objects of the embedded local storage at Supabase's public path. With the supabase
 * backend this path answers 404: the images live in Supabase then.
 */
@Path("/storage/v1/object/public")
@Tag(name = "Public images", description = "Embedded local storage, same path as Supabase")
public class LocalObjectResource {

    @Inject
    StorageConfig config;
    @Inject
    LocalImageStorage storage;

    @GET
    @Path("/{bucket}/{fileName}")
    @Operation(summary = "A published WebP (local storage backend)")
    @APIResponse(responseCode = "200", description = "image/webp with ETag and a long Cache-Control",
            content = @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "404", description = "Not published (yet), or not the local backend",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorEnvelope.class)))
    public Response object(@PathParam("bucket") String bucket, @PathParam("fileName") String fileName,
            @HeaderParam("If-None-Match") String ifNoneMatch) throws IOException {
        byte[] bytes = config.backend() == StorageConfig.Backend.LOCAL
                ? storage.read(bucket, fileName).orElse(null)
                : null;
        if (bytes == null) {
            throw new ApiException(404, "object_not_found",
                    "No object '" + fileName + "' in bucket '" + bucket + "' (yet: images appear once processed).");
        }
        EntityTag etag = new EntityTag(sha256(bytes));
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag.toString()) || ifNoneMatch.equals("*"))) {
            return Response.notModified(etag).header("Cache-Control", config.cacheControl()).build();
        }
        return Response.ok(bytes, "image/webp")
                .tag(etag)
                .header("Cache-Control", config.cacheControl())
                .build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
