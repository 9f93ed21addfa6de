package com.greenvue.images.jobs;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * The jobs settings that depend on each other, checked at startup before the registry loads
 * (single values are checked by {@link JobsConfig#check} as the configuration is built): the
 * interval bounds are in order and the default job's interval is a Go duration between them.
 * Never corrects a value.
 */
@ApplicationScoped
class JobsSettingsCheck {

    void check(@Observes @Priority(0) StartupEvent ev, JobsConfig config) {
        String min = Durations.format(config.minInterval());
        String max = Durations.format(config.maxInterval());
        if (config.minInterval().compareTo(config.maxInterval()) > 0) {
            throw new ConfigurationException("greenvue.jobs.min-interval (" + min
                    + ") must not be longer than greenvue.jobs.max-interval (" + max
                    + "): allowed is 0s < min-interval <= max-interval");
        }
        Duration interval;
        try {
            interval = Durations.parse(config.defaultInterval());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("greenvue.jobs.default-interval must be a Go duration such as 10s or 1m30s"
                    + " between " + min + " and " + max + " (got '" + config.defaultInterval() + "')");
        }
        if (interval.compareTo(config.minInterval()) < 0 || interval.compareTo(config.maxInterval()) > 0) {
            throw new ConfigurationException("greenvue.jobs.default-interval must be between greenvue.jobs.min-interval ("
                    + min + ") and greenvue.jobs.max-interval (" + max + ") (got '" + config.defaultInterval() + "')");
        }
    }
}
