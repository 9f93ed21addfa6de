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
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

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
    @Operation(summary = "A published WebP (local storage backend)", description = "Streamed from disk with the ETag "
            + "stored when it was written; If-None-Match with that ETag (or *) answers 304")
    @APIResponse(responseCode = "200", description = "image/webp with Content-Length, ETag and a long Cache-Control",
            content = @Content(mediaType = "image/webp", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "404", description = "Not published (yet), or not the local backend",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorEnvelope.class)))
    public Response object(@PathParam("bucket") String bucket, @PathParam("fileName") String fileName,
            @HeaderParam("If-None-Match") String ifNoneMatch) throws IOException {
        LocalImageStorage.StoredObject found = find(bucket, fileName);
        // a Path entity is sent from the file (sendfile), with its Content-Length: never read into the heap
        return answer(found, ifNoneMatch, Response.ok(found.file(), "image/webp"));
    }

    @HEAD
    @Path("/{bucket}/{fileName}")
    @Operation(summary = "Whether a WebP is published, its size and ETag (local storage backend)")
    @APIResponse(responseCode = "200", description = "Content-Length, ETag, Cache-Control; no body")
    @APIResponse(responseCode = "304", description = "If-None-Match matched")
    @APIResponse(responseCode = "404", description = "Not published (yet), or not the local backend")
    public Response head(@PathParam("bucket") String bucket, @PathParam("fileName") String fileName,
            @HeaderParam("If-None-Match") String ifNoneMatch) throws IOException {
        LocalImageStorage.StoredObject found = find(bucket, fileName);
        return answer(found, ifNoneMatch, Response.ok().type("image/webp").header(HttpHeaders.CONTENT_LENGTH, found.size()));
    }

    /** 304 when If-None-Match names the stored object, else {@code ok}; both with its ETag and Cache-Control. */
    private Response answer(LocalImageStorage.StoredObject found, String ifNoneMatch, Response.ResponseBuilder ok) {
        EntityTag etag = new EntityTag(found.etag());
        Response.ResponseBuilder answer = matches(ifNoneMatch, found.etag()) ? Response.notModified(etag) : ok.tag(etag);
        return answer.header("Cache-Control", config.cacheControl()).build();
    }

    private LocalImageStorage.StoredObject find(String bucket, String fileName) throws IOException {
        return (config.backend() == StorageConfig.Backend.LOCAL ? storage.find(bucket, fileName)
                : java.util.Optional.<LocalImageStorage.StoredObject>empty())
                .orElseThrow(() -> notFound(bucket, fileName));
    }

    /** The answer for an object that is not there (also {@link LocalObjectRoute}'s, for polls). */
    static ApiException notFound(String bucket, String fileName) {
        return new ApiException(404, "object_not_found",
                "No object '" + fileName + "' in bucket '" + bucket + "' (yet: images appear once processed).");
    }

    /** RFC 9110 If-None-Match: '*', or a list of tags compared weakly (W/ prefixes ignored). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("\"" + etag + "\"")) {
                return true;
            }
        }
        return false;
    }
}
