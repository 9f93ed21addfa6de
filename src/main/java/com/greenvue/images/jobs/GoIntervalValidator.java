package com.greenvue.images.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Duration;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * Checks {@link GoInterval}: the syntax through {@link Durations}, the range from {@link JobsConfig}.
 * The client's text reaches the message only as a message parameter, never as part of a template.
 */
@ApplicationScoped
public class GoIntervalValidator implements ConstraintValidator<GoInterval, String> {

    /** Looked up per check: validators are created while the validator factory starts, before runtime config exists. */
    @Inject
    Provider<JobsConfig> configs;

    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
        if (text == null) {
            return true;
        }
        JobsConfig config = configs.get();
        HibernateConstraintValidatorContext hibernate = context.unwrap(HibernateConstraintValidatorContext.class);
        Duration interval;
        try {
            interval = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return refuse(hibernate.addMessageParameter("problem", e.getMessage()),
                    "interval {problem}; use Go duration syntax such as 500ms, 10s, 1m30s or 2h");
        }
        if (interval.compareTo(config.minInterval()) < 0 || interval.compareTo(config.maxInterval()) > 0) {
            return refuse(hibernate.addMessageParameter("min", Durations.format(config.minInterval()))
                    .addMessageParameter("max", Durations.format(config.maxInterval()))
                    .addMessageParameter("given", text), "interval must be between {min} and {max} (got '{given}')");
        }
        return true;
    }

    private static boolean refuse(HibernateConstraintValidatorContext context, String template) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(template).addConstraintViolation();
        return false;
    }
}
