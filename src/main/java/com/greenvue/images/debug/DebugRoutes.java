package com.greenvue.images.debug;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.ErrorWriter;
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
        ErrorWriter.send(ctx, new ApiException(404, "not_found",
                "No such endpoint (debug endpoints are off in production)."), false);
    }

    /**
     * The path as the REST layer matches it is /debug or below: Vert.x routes see ";matrix" parameters and
     * repeated slashes, the REST layer drops and collapses them (so /debug;x=1/image-queue-status is debug).
     */
    static boolean isDebugPath(String normalizedPath) {
        if (normalizedPath == null) {
            return false;
        }
        String p = normalizedPath.indexOf(';') < 0 && !normalizedPath.contains("//") ? normalizedPath
                : normalizedPath.replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
        return p.equals("/debug") || p.startsWith("/debug/");
    }
}
