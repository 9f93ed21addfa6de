package com.greenvue.images.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Quarkus's own refusals on /api answer with API.md's error envelope, never HTML or an empty body. */
@QuarkusTest
class ErrorEnvelopeTest {

    @Test
    void unknownApiPathIs404Json() {
        given().get("/api/no-such-thing").then().statusCode(404).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("not_found"))
                .body("error.message", notNullValue());
        given().get("/debug/no-such-thing").then().statusCode(404).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("not_found"));
    }

    @Test
    void wrongMethodIs405Json() {
        given().delete("/api/upload/listing_image").then().statusCode(405).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void nonMultipartUploadIs400Json() {
        // API.md: 415 is for image bytes of another format; a body that is not multipart is malformed (400)
        given().contentType("application/json").body("{}").post("/api/upload/listing_image")
                .then().statusCode(400).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("not_multipart"));
        given().contentType("text/plain").body("hello").post("/api/upload/listing_image")
                .then().statusCode(400).body("error.code", equalTo("not_multipart"));
    }

    @Test
    void malformedMultipartIs400Json() {
        given().contentType("multipart/form-data; boundary=XYZ")
                .body("--XYZ\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\nabc"
                        .getBytes(StandardCharsets.US_ASCII))
                .post("/api/upload/listing_image")
                .then().statusCode(400).contentType("application/json")
                .body("status", equalTo("error")).body("error.code", equalTo("malformed_multipart"));
    }

    @Test
    void bodyOverTheLimitIsRefusedFromItsContentLengthWith413Json() throws Exception {
        // a raw request: the server must answer from the header alone, without reading 5 GB
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/upload/listing_image HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=XYZ\r\n"
                    + "Content-Length: " + (5L * 1024 * 1024 * 1024) + "\r\n\r\n--XYZ\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("application/json"), response);
            assertTrue(response.contains("\"code\":\"request_too_large\""), response);
        }
    }

    @Test
    void requestWithoutHostIs400JsonNotTheFrameworkErrorPage() throws Exception {
        // the router itself refuses an HTTP/1.1 request without Host; Quarkus's error page answered it
        // (an HTML "Internal Server Error" page for a browser's Accept)
        for (String path : new String[] {"/api/jobs", "/api/upload/listing_image", "/debug/image-queue-status"}) {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 400"), response);
                assertTrue(response.contains("application/json"), response);
                assertTrue(response.contains("{\"status\":\"error\",\"error\":{\"code\":\"bad_request\""), response);
            }
        }
    }
}

