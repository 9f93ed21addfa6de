package com.greenvue.images.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No resource method carries {@code @Valid} or a constraint: one would put its class on Hibernate
 * Validator's start-up list, and building its metadata reads every annotation of the class
 * (OpenAPI's, JAX-RS') at each start — 24 generated annotation proxy classes and ~115 ms for
 * JobsResource alone. Resources ask the injected {@code Validator} themselves (JobsResource.put).
 */
class ResourceMethodValidationGuardTest {

    @Test
    void resourceMethodsValidateByHandNotByAnnotation() throws Exception {
        java.nio.file.Path classes = Paths.get("target", "classes");
        List<String> resources = new ArrayList<>();
        List<String> annotated = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (!c.isAnnotationPresent(Path.class)) {
                    continue;
                }
                resources.add(c.getSimpleName());
                for (Method m : c.getDeclaredMethods()) {
                    List<Annotation> found = new ArrayList<>(List.of(m.getAnnotations()));
                    for (Parameter p : m.getParameters()) {
                        found.addAll(List.of(p.getAnnotations()));
                    }
                    for (Annotation a : found) {
                        if (a instanceof Valid || a.annotationType().isAnnotationPresent(Constraint.class)) {
                            annotated.add(c.getSimpleName() + "." + m.getName() + ": @" + a.annotationType().getSimpleName());
                        }
                    }
                }
            }
        }
        assertTrue(resources.contains("JobsResource"), "the resources were found: " + resources);
        assertEquals(List.of(), annotated);
    }
}
