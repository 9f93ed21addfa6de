package com.greenvue.images.queue;

import com.greenvue.images.settings.SettingProblems;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The queue settings that depend on each other, checked first thing at startup (single values
 * are checked by {@link QueueConfig#check} as the configuration is built, before any bean
 * exists). Never corrects a value.
 */
@ApplicationScoped
class QueueSettingsCheck {

    @SuppressWarnings("deprecation") // reads the deprecated alias on purpose, to warn about it
    void check(@Observes @Priority(0) StartupEvent ev, QueueConfig config) {
        if (config.maxRetries().isPresent()) {
            org.jboss.logging.Logger.getLogger(QueueSettingsCheck.class).warnf(
                    "greenvue.queue.max-retries (GREENVUE_QUEUE_MAX_RETRIES) is deprecated: it counts attempts, not "
                    + "retries. Set greenvue.queue.max-attempts (GREENVUE_QUEUE_MAX_ATTEMPTS) instead; in force now: %d attempts",
                    config.attempts());
        }
        if (config.retryBaseDelay().compareTo(config.retryMaxDelay()) > 0) {
            throw new ConfigurationException("greenvue.queue.retry-base-delay ("
                    + SettingProblems.text(config.retryBaseDelay()) + ") must not be longer than greenvue.queue.retry-max-delay ("
                    + SettingProblems.text(config.retryMaxDelay()) + "): allowed is 0s <= retry-base-delay <= retry-max-delay");
        }
    }
}
