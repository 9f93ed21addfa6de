package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.api.ErrorMappers;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bean Validation's refusal of a request body, as API.md's error envelope: the first violated field
 * (in the order the record declares its fields) in {@code details.field}, its constraint's message
 * as the message. A violated return value is our bug, never the client's: 500.
 */
public class ViolationMapper {

    private static final PropertyNamingStrategies.SnakeCaseStrategy WIRE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Inject
    ErrorMappers errors;

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<ConstraintViolation<?>> all = new ArrayList<>(e.getConstraintViolations());
        if (all.isEmpty() || all.stream().anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE))) {
            return errors.unexpected(e);
        }
        all.sort(Comparator.comparingInt(ViolationMapper::declarationIndex).thenComparing(ConstraintViolation::getMessage));
        ConstraintViolation<?> first = all.get(0);
        boolean job = first.getLeafBean() instanceof JobRequest;
        return errors.api(new ApiException(400, job ? "invalid_job" : "bad_request", first.getMessage(),
                Map.of("field", field(first.getPropertyPath()))));
    }

    /** The wire name of the violated field: {@code interval}, {@code payload.batch_size}; {@code body} for the whole body. */
    static String field(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY) {
                names.add(WIRE.translate(node.getName()));
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    private static int declarationIndex(ConstraintViolation<?> v) {
        Object bean = v.getLeafBean();
        String name = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                name = node.getName();
            }
        }
        if (bean == null || name == null || !bean.getClass().isRecord()) {
            return Integer.MAX_VALUE;
        }
        List<String> order = Arrays.stream(bean.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
        int index = order.indexOf(name);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static List<ElementKind> kinds(Path path) {
        List<ElementKind> kinds = new ArrayList<>();
        path.forEach(n -> kinds.add(n.getKind()));
        return kinds;
    }
}
