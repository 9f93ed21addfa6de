package com.greenvue.images.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** API.md's two envelopes: {@code {"status":"success","data":…}} and {@code {"status":"error","error":…}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope<T>(String status, T data, ErrorBody error) {

    public static <T> Envelope<T> success(T data) {
        return new Envelope<>("success", data, null);
    }

    public static Envelope<Void> error(String code, String message, Map<String, Object> details) {
        return new Envelope<>("error", null, new ErrorBody(code, message, details));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String code, String message, Map<String, Object> details) {
    }
}
