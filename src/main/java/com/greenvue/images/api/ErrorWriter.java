package com.greenvue.images.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The one writer of API.md's error envelope: an {@link ApiException} becomes the {@link Envelope}
 * record with its status and headers, as a JAX-RS answer (exception mappers) or written straight
 * to a Vert.x response (routes that answer before any resource). Never writes a stack trace.
 */
public final class ErrorWriter {

    /** The envelope's fields are fixed names and map keys: a plain mapper writes them as the REST layer does. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorWriter() {
    }

    /** The answer of a REST resource or exception mapper. */
    public static Response response(ApiException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(envelope(e));
        headers(e).forEach(b::header);
        return b.build();
    }

    /**
     * Answers on a Vert.x route, unless an answer was already sent. With {@code close}, the connection is
     * closed after the answer (the request body was not read, and is not worth reading).
     */
    public static void send(RoutingContext ctx, ApiException e, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        headers(e).forEach(ctx.response()::putHeader);
        if (close) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(json(e));
        if (close) {
            ctx.request().connection().close();
        }
    }

    /** The envelope as JSON text. */
    static String json(ApiException e) {
        try {
            return JSON.writeValueAsString(envelope(e));
        } catch (JsonProcessingException impossible) {
            // a record of strings and a map of strings and numbers always serializes
            throw new IllegalStateException(impossible);
        }
    }

    private static Envelope<Void> envelope(ApiException e) {
        return Envelope.error(e.code(), e.getMessage(), e.details());
    }

    private static Map<String, String> headers(ApiException e) {
        if (e.retryAfterSeconds() == null) {
            return e.headers();
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(e.headers());
        all.put("Retry-After", String.valueOf(e.retryAfterSeconds()));
        return all;
    }
}
