package com.greenvue.images.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one writer of the error envelope: API.md's shape, details only when given, headers carried. */
class ErrorWriterTest {

    @Test
    void writesTheEnvelopeWithoutNullFields() {
        assertEquals("{\"status\":\"error\",\"error\":{\"code\":\"not_found\",\"message\":\"No such endpoint.\"}}",
                ErrorWriter.json(new ApiException(404, "not_found", "No such endpoint.")));
        assertEquals("{\"status\":\"error\",\"error\":{\"code\":\"invalid_job\",\"message\":\"bad\",\"details\":"
                + "{\"field\":\"interval\"}}}",
                ErrorWriter.json(new ApiException(400, "invalid_job", "bad", Map.of("field", "interval"))));
    }

    @Test
    void theJaxRsAnswerCarriesStatusRetryAfterAndChallenge() {
        Response r = ErrorWriter.response(new ApiException(503, "queue_full", "full", null, 7)
                .withHeader("WWW-Authenticate", "Bearer realm=\"greenvue\""));
        assertEquals(503, r.getStatus());
        assertEquals("7", r.getHeaderString("Retry-After"));
        assertEquals("Bearer realm=\"greenvue\"", r.getHeaderString("WWW-Authenticate"));
        assertEquals("application/json", r.getMediaType().toString());
    }
}
