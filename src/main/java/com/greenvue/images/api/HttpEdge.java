package com.greenvue.images.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP edge before any resource: refuses bodies over the limit from their Content-Length
 * (before reading them) and gives the JSON envelope to failures that never reach a resource
 * (unknown paths under /api and /debug, bodies cut off by the server's limit).
 */
@ApplicationScoped
public class HttpEdge {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::checkLength);
        router.route("/api/*").order(Integer.MAX_VALUE - 10).handler(ctx -> notFound(ctx));
        router.route("/debug/*").order(Integer.MAX_VALUE - 10).handler(ctx -> notFound(ctx));
        router.errorHandler(413, ctx -> tooLarge(ctx));
    }

    private void checkLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody.asLongValue()) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                send(ctx, 400, "bad_request", "Content-Length is not a number.", true);
                return;
            }
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        send(ctx, 413, "request_too_large", "The request body is larger than " + maxBody.asLongValue()
                + " bytes, the most this service accepts in one request. Send fewer or smaller images.", true);
    }

    private void notFound(RoutingContext ctx) {
        send(ctx, 404, "not_found", "No such endpoint: " + ctx.request().method() + " " + ctx.request().path()
                + ". See API.md for the available endpoints.", false);
    }

    private static void send(RoutingContext ctx, int status, String code, String message, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        String body = "{\"status\":\"error\",\"error\":{\"code\":\"" + code + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (close) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(body);
        if (close) {
            ctx.response().close();
        }
    }
}
