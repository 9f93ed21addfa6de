package com.greenvue.images.jobs;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A job interval: a Go duration ({@link Durations}) between {@code greenvue.jobs.min-interval} and
 * {@code max-interval}. Null is valid (pair it with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = GoIntervalValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface GoInterval {

    String message() default "interval must be a Go duration such as 500ms, 10s, 1m30s or 2h";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
