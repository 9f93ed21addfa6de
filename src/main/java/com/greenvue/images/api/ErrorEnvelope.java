package com.greenvue.images.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * API.md's error envelope as the OpenAPI document names it, for the error responses the
 * resources declare. Documentation only: never built; {@link ErrorWriter} answers with
 * {@link Envelope#error}.
 */
@Schema(name = "ErrorEnvelope", description = "Every error answer: {\"status\":\"error\",\"error\":"
        + "{\"code\",\"message\",\"details\"}}", requiredProperties = {"status", "error"})
public record ErrorEnvelope(
        @Schema(enumeration = "error") String status,
        Envelope.ErrorBody error) {
}
