package com.greenvue.images.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that answers the client with API.md's error envelope. Resources and beans throw it;
 * {@link ErrorMappers} turns it into the response. Never carries secrets in its message.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private final Integer retryAfterSeconds;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, null);
    }

    public ApiException(int status, String code, String message, Map<String, Object> details, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Headers the answer carries besides Retry-After (a 401's WWW-Authenticate challenge). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Adds a header to the answer; returns this exception, to be thrown or answered. */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }
}
