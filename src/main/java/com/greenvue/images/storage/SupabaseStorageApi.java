package com.greenvue.images.storage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Supabase Storage HTTP API, as far as we use it. Speaks HTTP only: answers come back as raw
 * {@link Response}s (the default exception mapper is off) and {@link SupabaseStorage} decides
 * what they mean. Paths are relative to the storage API base ({@code <project>/storage/v1}).
 */
@RegisterRestClient(configKey = "supabase-storage")
@Produces(MediaType.APPLICATION_JSON)
interface SupabaseStorageApi {

    /** Uploads an object; with {@code x-upsert: true} (that exact string) an existing one is replaced. */
    @POST
    @Path("/object/{bucket}/{name}")
    @Consumes("image/webp")
    Response upload(@PathParam("bucket") String bucket, @PathParam("name") String name,
            @HeaderParam("Authorization") String authorization, @HeaderParam("apikey") String apiKey,
            @HeaderParam("x-upsert") String upsert, @HeaderParam("Cache-Control") String cacheControl,
            byte[] body);

    /** The bucket's details: {@code {"id","name","public",...}}. */
    @GET
    @Path("/bucket/{id}")
    Response bucket(@PathParam("id") String id,
            @HeaderParam("Authorization") String authorization, @HeaderParam("apikey") String apiKey);

    /** Creates a bucket from {@code {"id","name","public"}}. */
    @POST
    @Path("/bucket")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createBucket(Map<String, Object> bucket,
            @HeaderParam("Authorization") String authorization, @HeaderParam("apikey") String apiKey);
}
