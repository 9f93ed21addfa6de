package com.greenvue.images.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
    @Schema(requiredProperties = {"code", "message"})
    public record ErrorBody(
            @Schema(description = "Machine code, e.g. job_not_found, invalid_job, unsupported_image_type") String code,
            @Schema(description = "What went wrong and what to do") String message,
            @Schema(description = "Optional: what was rejected, e.g. {\"field\": \"interval\"}, or part, file_name "
                    + "and index of an upload part") Map<String, Object> details) {
    }
}
