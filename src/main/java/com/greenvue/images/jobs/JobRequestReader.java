package com.greenvue.images.jobs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.greenvue.images.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the body of POST /api/jobs whatever its Content-Type (an operator's plain {@code curl -d}
 * sends form-urlencoded): exactly one JSON document, no key twice (else {@code invalid_json}), a
 * JSON object whose fields have their JSON types (else {@code invalid_job} naming the field). The
 * values' rules are the constraints on {@link JobRequest}, checked after this.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class JobRequestReader implements MessageBodyReader<JobRequest> {

    static final String SHAPE = "The body must be a JSON object like {\"id\":\"process-image-queue\",\"type\":"
            + "\"process_images\",\"interval\":\"10s\",\"payload\":{\"batch_size\":10}}";

    private final ObjectReader tree;
    private final ObjectReader binder;

    @Inject
    public JobRequestReader(ObjectMapper json) {
        this.tree = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withFeatures(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        ObjectMapper strict = json.copy().enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // a number or boolean where a string belongs is the client's mistake, not something to convert
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            strict.coercionConfigFor(LogicalType.Enum).setCoercion(shape, CoercionAction.Fail);
        }
        this.binder = strict.readerFor(JobRequest.class);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JobRequest.class;
    }

    @Override
    public JobRequest readFrom(Class<JobRequest> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        byte[] bytes = entity.readAllBytes();
        // not JSON at all: the mapper of JsonProcessingException answers invalid_json
        JsonNode body = bytes.length == 0 ? null : tree.readTree(bytes);
        if (body == null || !body.isObject()) {
            throw invalid("body", SHAPE);
        }
        try {
            return binder.readValue(body);
        } catch (MismatchedInputException e) {
            throw wrongType(e, body);
        }
    }

    private static ApiException wrongType(MismatchedInputException e, JsonNode body) {
        String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(name -> name != null).collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return invalid("body", SHAPE);
        }
        Class<?> target = e.getTargetType();
        if (target == JobType.class && body.path(field).isTextual()) {
            return invalid(field, "Unknown job type '" + body.path(field).asText() + "'. Known types: " + JobType.known());
        }
        if (target != null && ObjectNode.class.isAssignableFrom(target)) {
            return invalid(field, field + " must be a JSON object");
        }
        return invalid(field, "Field '" + field + "' must be a string");
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_job", message, Map.of("field", field));
    }
}
