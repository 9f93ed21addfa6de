package com.greenvue.images.storage;

import com.greenvue.images.api.ErrorWriter;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Answers the polls for an image that is not published yet (GET or HEAD of its public URL, 404) on the
 * event loop, before the REST layer: clients poll a new image's URL until it answers 200, and through
 * {@link LocalObjectResource} each early poll cost about 2 ms of CPU while the service was just started
 * (the REST chain, the exception and its mapper running interpreted), 1 ms here (README, "Issue 14,
 * round 6"). Only the plain form of the path is answered here, with the resource's own 404; a published
 * object (served with its ETag), and any path with escapes, dot segments or a trailing slash, go on to the
 * resource as before. Reads no object bytes: one stat.
 */
@ApplicationScoped
public class LocalObjectRoute {

    static final String PREFIX = "/storage/v1/object/public/";
    /** Before the REST layer's route, which Quarkus registers at its default order (far above this). */
    static final int ORDER = -1000;

    @Inject
    StorageConfig config;
    @Inject
    LocalImageStorage storage;

    void routes(@Observes Router router) {
        // the parameter names give the metrics' uri tag the resource's template
        router.route(PREFIX + ":bucket/:fileName").method(HttpMethod.GET).method(HttpMethod.HEAD).order(ORDER)
                .handler(this::poll);
    }

    private void poll(RoutingContext ctx) {
        String bucket = ctx.pathParam("bucket"), fileName = ctx.pathParam("fileName");
        if (bucket == null || fileName == null || !ctx.request().path().equals(PREFIX + bucket + "/" + fileName)
                || (config.backend() == StorageConfig.Backend.LOCAL && storage.has(bucket, fileName))) {
            ctx.next();
            return;
        }
        ErrorWriter.send(ctx, LocalObjectResource.notFound(bucket, fileName), false);
    }
}
