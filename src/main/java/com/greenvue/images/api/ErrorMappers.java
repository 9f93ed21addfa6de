package com.greenvue.images.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.greenvue.images.queue.InsufficientStorageException;
import java.io.IOException;
import java.time.Duration;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure of a REST resource becomes API.md's error envelope here, Quarkus's own
 * 404/405/413/415 included. Never answers with a stack trace or an HTML page.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorWriter.response(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return error(400, "invalid_json", "The request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage());
    }

    /**
     * Jackson's more specific exceptions (a second JSON document after the first, a value of the
     * wrong shape) would otherwise go to the framework's own mapper, which answers an empty 400.
     */
    @ServerExceptionMapper
    public Response jsonMapping(com.fasterxml.jackson.databind.JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return json(jpe);
        }
        if (InsufficientStorageException.isDiskFull(e)) {
            return diskFull(e);
        }
        return switch (status) {
            case 400 -> error(400, "bad_request", "The request could not be read: " + safe(e.getMessage()));
            case 401 -> error(401, "unauthorized", "Authentication is required for this endpoint.");
            case 403 -> error(403, "forbidden", "This call is not allowed.");
            case 404 -> error(404, "not_found", "No such resource. The available endpoints are described at /q/openapi.");
            case 405 -> error(405, "method_not_allowed", "This HTTP method is not allowed on this path.");
            case 406 -> error(406, "not_acceptable", "This endpoint answers application/json only.");
            // the body limit (read in chunks), and upload/MultipartReader's: part bytes, a text field (max-form-attribute-size)
            case 413 -> error(413, "request_too_large", "The request body, or a text field in it, is larger than the "
                    + "service accepts. Send fewer or smaller images and a short listing_title.");
            case 415 -> error(415, "unsupported_media_type",
                    "This endpoint does not accept that Content-Type.");
            default -> {
                if (status >= 500) {
                    LOG.error("Unhandled server error", e);
                    yield error(status, "internal_error", "Internal error; the service logged the details.");
                }
                yield error(status, "http_" + status, safe(e.getMessage()));
            }
        };
    }

    /** Same rules as any exception: a full disk is a 507, any other I/O failure ours. */
    @ServerExceptionMapper
    public Response io(IOException e) {
        return unexpected(e);
    }

    /** The upload's own multipart reader answers malformed bodies itself (upload/MultipartReader). */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (InsufficientStorageException.isDiskFull(e)) {
            return diskFull(e);
        }
        LOG.error("Unhandled error while serving a request", e);
        return error(500, "internal_error", "Internal error; the service logged the details.");
    }

    /**
     * An upload's part could not be written to disk (upload/MultipartReader) because the volume is full: the
     * client's request was fine, so it gets the queue's 507 with Retry-After, never a 400.
     */
    private Response diskFull(Throwable e) {
        LOG.errorf("No disk space for an upload (the client gets 507 insufficient_storage): %s", e.getMessage());
        int retryAfter = (int) ConfigProvider.getConfig()
                .getOptionalValue("greenvue.queue.retry-after", Duration.class).orElse(Duration.ofSeconds(30)).toSeconds();
        return api(new InsufficientStorageException(retryAfter));
    }

    static Response error(int status, String code, String message) {
        return ErrorWriter.response(new ApiException(status, code, message));
    }

    private static String safe(String message) {
        return message == null ? "" : message;
    }
}
