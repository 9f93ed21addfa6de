package com.greenvue.images.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP edge before any resource: refuses bodies over the limit from their Content-Length
 * (before reading them) and gives the JSON envelope to failures that never reach a resource
 * (unknown paths under /api and /debug, bodies cut off by the server's limit).
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    io.quarkus.runtime.configuration.MemorySize maxBody;

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::checkLength);
        router.route("/api/*").order(Integer.MAX_VALUE - 10).handler(ctx -> notFound(ctx));
        router.route("/debug/*").order(Integer.MAX_VALUE - 10).handler(ctx -> notFound(ctx));
        router.errorHandler(413, ctx -> tooLarge(ctx));
        // failures the router itself raises (an HTTP/1.1 request without Host, for one) would otherwise
        // reach Quarkus's error page: HTML, plain text or a JSON without our envelope, by the Accept header
        for (String path : new String[] {"/api/*", "/debug/*", "/storage/*"}) {
            router.route(path).order(Integer.MAX_VALUE - 20).failureHandler(this::failed);
        }
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten()) {
            // failed while its answer was being written: nothing readable can follow on this connection
            LOG.errorf(failure, "Request %s %s failed after its answer began", ctx.request().method(), ctx.request().path());
            ctx.response().reset();
        } else if (status == 413) {
            tooLarge(ctx);
        } else if (status >= 500) {
            LOG.errorf(failure, "Request %s %s failed", ctx.request().method(), ctx.request().path());
            send(ctx, status, "internal_error", "Internal error; the service logged the details.", false);
        } else {
            LOG.debugf(failure, "Request %s %s refused with %d", ctx.request().method(), ctx.request().path(), status);
            String reason = failure == null || failure.getMessage() == null ? "" : ": " + failure.getMessage();
            send(ctx, status, status == 400 ? "bad_request" : "http_" + status,
                    "The request could not be read" + reason + ".", status == 400);
        }
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
                + ". The available endpoints are described at /q/openapi.", false);
    }

    private static void send(RoutingContext ctx, int status, String code, String message, boolean close) {
        ErrorWriter.send(ctx, new ApiException(status, code, message), close);
    }
}
