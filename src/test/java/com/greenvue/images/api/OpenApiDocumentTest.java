package com.greenvue.images.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/openapi as a client generator reads it: request bodies, error statuses and their envelope. */
@QuarkusTest
class OpenApiDocumentTest {

    /** API.md's body of POST /api/jobs, as clients send it today. */
    static final String SEED_BODY = "{\"id\": \"process-image-queue\", \"name\": \"Process Image Queue\","
            + " \"description\": \"Process pending images in queue\", \"type\": \"process_images\","
            + " \"interval\": \"10s\", \"payload\": {\"batch_size\": 10}}";
    static final String ERROR_SCHEMA = "#/components/schemas/ErrorEnvelope";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void postJobsBodyIsJsonWithItsFieldsAndTheSeedExample() throws Exception {
        JsonNode doc = document();
        JsonNode json = operation(doc, "/api/jobs", "post").path("requestBody").path("content").path("application/json");
        assertFalse(json.isMissingNode(), "POST /api/jobs requestBody has application/json");

        JsonNode schema = resolve(doc, json.path("schema"));
        for (String field : List.of("id", "name", "description", "type", "interval", "payload")) {
            assertTrue(schema.path("properties").has(field), "job body property " + field);
        }
        assertTrue(texts(schema.path("required")).containsAll(List.of("id", "type", "interval")), "required fields");
        JsonNode payload = resolve(doc, schema.path("properties").path("payload"));
        assertEquals("integer", payload.path("properties").path("batch_size").path("type").asText());

        JsonNode example = json.path("examples").path("process-image-queue").path("value");
        assertEquals(JSON.readTree(SEED_BODY), example, "the seed body of API.md is the example");
    }

    @Test
    void adminOperationsDeclare401AndTheChangingOnes403() {
        JsonNode doc = document();
        // the admin token: 401 on every call when a token is configured; 403 only for changing calls
        // when none is (reads stay open then)
        List<String[]> changing = List.of(new String[] {"/api/jobs", "post"}, new String[] {"/api/jobs/{id}", "delete"},
                new String[] {"/api/jobs/{id}/run", "post"}, new String[] {"/api/jobs/{id}/pause", "post"},
                new String[] {"/api/jobs/{id}/resume", "post"}, new String[] {"/api/images/{id}/retry", "post"},
                new String[] {"/api/images/retry", "post"});
        List<String[]> reading = List.of(new String[] {"/api/jobs", "get"}, new String[] {"/api/jobs/{id}", "get"},
                new String[] {"/api/images", "get"});
        for (String[] op : changing) {
            assertErrorResponses(doc, op[0], op[1], "401", "403");
        }
        for (String[] op : reading) {
            assertErrorResponses(doc, op[0], op[1], "401");
            assertFalse(operation(doc, op[0], op[1]).path("responses").has("403"), op[1] + " " + op[0] + " is never 403");
        }
        assertErrorResponses(doc, "/api/jobs/{id}", "get", "404");
        assertErrorResponses(doc, "/api/jobs/{id}", "delete", "404");
        for (String action : List.of("run", "pause", "resume")) {
            assertErrorResponses(doc, "/api/jobs/{id}/" + action, "post", "404");
        }
        assertErrorResponses(doc, "/api/jobs/{id}/run", "post", "409");
        assertErrorResponses(doc, "/api/jobs", "post", "400");
        assertErrorResponses(doc, "/api/images/{id}/retry", "post", "404", "409", "410");
        // reading one image by id stays public
        assertFalse(operation(doc, "/api/images/{id}", "get").path("responses").has("401"));
    }

    @Test
    void debugUploadDocumentsItsBodyAndEveryStatusItAnswers() throws Exception {
        JsonNode doc = document();
        JsonNode json = operation(doc, "/debug/upload-test-image", "post").path("requestBody").path("content")
                .path("application/json");
        JsonNode schema = resolve(doc, json.path("schema"));
        assertEquals("string", schema.path("properties").path("image_path").path("type").asText());
        assertEquals("string", schema.path("properties").path("listing_title").path("type").asText());
        assertEquals("boolean", schema.path("properties").path("process_now").path("type").asText());
        assertTrue(texts(schema.path("required")).contains("image_path"));
        assertEquals(JSON.readTree("{\"listing_title\": \"Test Listing\", \"image_path\": \"/path/to/test/image.jpg\","
                + " \"process_now\": true}"), json.path("examples").path("test-image").path("value"));
        assertErrorResponses(doc, "/debug/upload-test-image", "post", "400", "403", "404", "413", "415", "503");
    }

    @Test
    void queueStatusDeclaresItsAnswer() {
        JsonNode doc = document();
        JsonNode responses = operation(doc, "/debug/image-queue-status", "get").path("responses");
        JsonNode schema = resolve(doc, responses.path("200").path("content").path("application/json").path("schema"));
        assertTrue(schema.path("properties").has("pending_count"), "pending_count");
        JsonNode state = resolve(doc, schema.path("properties").path("queue_status"));
        assertEquals(List.of("active", "paused", "stopped"), texts(state.path("properties").path("status").path("enum")));
        assertErrorResponses(doc, "/debug/image-queue-status", "get", "404");
    }

    @Test
    void uploadListsItsErrorsWithTheEnvelope() {
        JsonNode doc = document();
        assertErrorResponses(doc, "/api/upload/listing_image", "post", "400", "401", "413", "415", "503");
        JsonNode responses = operation(doc, "/api/upload/listing_image", "post").path("responses");
        assertTrue(responses.path("503").path("headers").has("Retry-After"), "503 names Retry-After");
        JsonNode accepted = resolve(doc, responses.path("202").path("content").path("application/json").path("schema"));
        JsonNode data = resolve(doc, accepted.path("properties").path("data"));
        JsonNode image = resolve(doc, data.path("properties").path("images").path("items"));
        assertTrue(names(image.path("properties")).containsAll(List.of("id", "url", "file_name", "status")));
    }

    @Test
    void errorEnvelopeIsApiMdsShape() {
        JsonNode doc = document();
        JsonNode envelope = resolve(doc, JSON.createObjectNode().put("$ref", ERROR_SCHEMA));
        assertEquals(List.of("error"), texts(envelope.path("properties").path("status").path("enum")));
        JsonNode error = resolve(doc, envelope.path("properties").path("error"));
        assertTrue(names(error.path("properties")).containsAll(List.of("code", "message", "details")));
        assertTrue(texts(error.path("required")).containsAll(List.of("code", "message")));
    }

    @Test
    void everyDeclaredErrorIsTheEnvelope() {
        JsonNode doc = document();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator();
        int checked = 0;
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("head")) {
                    continue; // a HEAD answer has no body, so no envelope
                }
                for (Iterator<String> codes = op.getValue().path("responses").fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    if (code.startsWith("4") || code.startsWith("5")) {
                        assertErrorResponses(doc, path.getKey(), op.getKey(), code);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 40, "error responses found: " + checked);
    }

    @Test
    void schemasNamePropertiesAsTheWireDoes() {
        JsonNode schemas = document().path("components").path("schemas");
        assertTrue(schemas.path("ImageRecord").path("properties").has("file_name"), "ImageRecord.file_name");
        assertFalse(schemas.path("ImageRecord").path("properties").has("fileName"), "no camelCase fileName");
        assertTrue(schemas.path("JobView").path("properties").has("run_count"), "JobView.run_count");
    }

    private static void assertErrorResponses(JsonNode doc, String path, String method, String... codes) {
        JsonNode responses = operation(doc, path, method).path("responses");
        for (String code : codes) {
            String where = method.toUpperCase() + " " + path + " " + code;
            assertTrue(responses.has(code), where + " declared");
            JsonNode schema = responses.path(code).path("content").path("application/json").path("schema");
            assertEquals(ERROR_SCHEMA, schema.path("$ref").asText(), where + " is the error envelope");
            assertFalse(responses.path(code).path("description").asText().isBlank(), where + " says when");
        }
    }

    private static JsonNode operation(JsonNode doc, String path, String method) {
        JsonNode op = doc.path("paths").path(path).path(method);
        assertFalse(op.isMissingNode(), method + " " + path + " documented");
        return op;
    }

    /** Follows a {@code $ref} to its component schema. */
    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.isEmpty()) {
            return schema;
        }
        assertTrue(ref.startsWith("#/components/schemas/"), ref);
        JsonNode target = doc.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        assertFalse(target.isMissingNode(), ref + " exists");
        return target;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode document() {
        String body = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("/q/openapi?format=json is not JSON", e);
        }
    }
}
