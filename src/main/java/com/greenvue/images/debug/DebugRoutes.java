package com.greenvue.images.debug;

import com.greenvue.images.api.RestPaths;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * With the debug endpoints off (production), everything under /debug answers 404 before the REST
 * layer sees it: whatever the method, Content-Type or body, nobody can tell the endpoints exist
 * (no 405, 415 or JSON error from a resource that is not supposed to be there).
 */
@ApplicationScoped
public class DebugRoutes {

    @Inject
    DebugConfig config;

    void routes(@Observes Router router) {
        if (config.enabled()) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 30).handler(this::hide);
    }

    private void hide(RoutingContext ctx) {
        if (!isDebugPath(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"status\":\"error\",\"error\":{\"code\":\"not_found\",\"message\":"
                        + "\"No such endpoint (debug endpoints are off in production).\"}}");
    }

    /** The path as the REST layer matches it (";matrix" parameters dropped, slashes collapsed) is /debug or below. */
    static boolean isDebugPath(String normalizedPath) {
        return RestPaths.isAtOrBelow(normalizedPath, "/debug");
    }
}
