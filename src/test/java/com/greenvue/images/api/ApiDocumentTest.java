package com.greenvue.images.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/API.md, the API document that ships with the code, against what the service really has:
 * every operation of /q/openapi is documented and nothing documented is missing from it, and
 * every error code the code can answer with is listed.
 */
@QuarkusTest
class ApiDocumentTest {

    static final Path DOC = Path.of("docs", "API.md");
    /** How docs/API.md names an operation: `GET /api/images/{id}`. */
    static final Pattern OPERATION = Pattern.compile("`(GET|HEAD|POST|PUT|PATCH|DELETE) (/[^`\\s?]*)(?:\\?[^`\\s]*)?`");
    /** A call that answers an error: ApiException(404, "image_not_found", …), error(400, …), send(ctx, 413, …), … */
    static final Pattern ERROR_CALL = Pattern.compile("\\b(?:ApiException|QueueFullException|error|refused|unavailable|send|refuse|badRequest|notFound)\\(");
    /**
     * Its code: after leading arguments without strings (ctx, a status, a ternary on the status),
     * a snake_case literal, or a ternary between two.
     */
    static final Pattern CODE_ARGUMENT = Pattern.compile("^\\s*(?:[^\",;()]*,\\s*){0,2}(?:[^\",;()]*\\?\\s*)?"
            + "\"([a-z][a-z0-9_]*)\"(?:\\s*:\\s*\"([a-z][a-z0-9_]*)\")?");
    static final Pattern CONSTANT = Pattern.compile("String CODE = \"([a-z][a-z0-9_]*)\"");

    @Test
    void everyOperationOfTheOpenApiDocumentIsInApiMdAndViceVersa() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        Set<String> served = new TreeSet<>();
        for (Iterator<java.util.Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator(); paths.hasNext();) {
            var path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    served.add(method + " " + path.getKey());
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = OPERATION.matcher(Files.readString(DOC));
        while (m.find()) {
            if (!m.group(2).startsWith("/q/")) { // Quarkus's own endpoints are not in the OpenAPI document
                documented.add(m.group(1) + " " + m.group(2));
            }
        }
        assertTrue(served.size() > 10, "the OpenAPI document lists the operations: " + served);
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(served);
        assertEquals(Set.of(), undocumented, "operations of /q/openapi missing from docs/API.md");
        assertEquals(Set.of(), unserved, "operations in docs/API.md that /q/openapi does not have");
    }

    @Test
    void theImageStatusOperationDescribesThePublicAndTheAdminView() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        JsonNode ok = doc.path("paths").path("/api/images/{id}").path("get").path("responses").path("200")
                .path("content").path("application/json").path("schema").path("oneOf");
        Set<String> answers = new TreeSet<>();
        ok.forEach(s -> answers.add(s.path("$ref").asText()));
        assertEquals(Set.of("#/components/schemas/PublicImageAnswer", "#/components/schemas/AdminImageAnswer"), answers);
        Set<String> publicFields = new TreeSet<>();
        doc.path("components").path("schemas").path("PublicImage").path("properties").fieldNames()
                .forEachRemaining(publicFields::add);
        assertEquals(new TreeSet<>(Set.of("id", "url", "file_name", "status", "error", "retries", "created_at",
                "updated_at", "processed_at", "next_attempt_at")), publicFields);
    }

    @Test
    void everyErrorCodeTheCodeAnswersWithIsInApiMd() throws IOException {
        Set<String> codes = errorCodes();
        assertTrue(codes.containsAll(Set.of("image_not_found", "insufficient_storage", "malformed_multipart",
                "spool_full", "missing_token", "request_too_large", "invalid_")), "the scan finds the codes: " + codes);
        String doc = Files.readString(DOC);
        Set<String> missing = new TreeSet<>();
        for (String code : codes) {
            // a code built at run time ("invalid_" + field, "http_" + status) is documented by its prefix
            if (!doc.contains("`" + code + (code.endsWith("_") ? "" : "`"))) {
                missing.add(code);
            }
        }
        assertEquals(Set.of(), missing, "error codes missing from docs/API.md");
    }

    @Test
    void nothingPointsClientsAtAnApiMdTheyCannotOpen() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file);
                } catch (java.nio.charset.MalformedInputException binary) {
                    continue; // not text (the warm-up images): no message a client reads
                }
                for (String line : lines) {
                    // messages a client reads are string literals; comments may name the contract
                    String t = line.trim();
                    if (line.contains("\"") && line.contains("API.md") && !t.startsWith("*") && !t.startsWith("/*")
                            && !t.startsWith("//") && !t.startsWith("#")) {
                        throw new AssertionError(file + " sends clients to API.md: " + line.trim());
                    }
                }
            }
        }
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("[^/\\w]API\\.md").matcher(readme);
        assertTrue(!m.find(), "README names API.md without its path (docs/API.md)");
        given().get("/no/such/endpoint").then().statusCode(404)
                .body("error.message", org.hamcrest.Matchers.containsString("/q/openapi"));
    }

    static Set<String> errorCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher calls = ERROR_CALL.matcher(text);
                while (calls.find()) {
                    Matcher code = CODE_ARGUMENT.matcher(text.substring(calls.end(), Math.min(text.length(), calls.end() + 200)));
                    if (code.find()) {
                        codes.add(code.group(1));
                        if (code.group(2) != null) {
                            codes.add(code.group(2));
                        }
                    }
                }
                Matcher constant = CONSTANT.matcher(text);
                while (constant.find()) {
                    codes.add(constant.group(1));
                }
            }
        }
        return codes;
    }
}
