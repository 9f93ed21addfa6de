package com.greenvue.images.storage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The one call the health probe and startup make, on a client of its own: its timeouts are the
 * health timeout, not the upload's, and its own configKey keeps its connection pool and its
 * http.client.* metrics apart from the upload client's.
 */
@RegisterRestClient(configKey = "supabase-storage-probe")
@Produces(MediaType.APPLICATION_JSON)
interface SupabaseBucketProbeApi {

    /** The bucket's details: {@code {"id","name","public",...}}. */
    @GET
    @Path("/bucket/{id}")
    Response bucket(@PathParam("id") String id,
            @HeaderParam("Authorization") String authorization, @HeaderParam("apikey") String apiKey);
}
