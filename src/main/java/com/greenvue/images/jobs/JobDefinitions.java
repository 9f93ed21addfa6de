package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a job request into the definition the registry runs: defaults filled in, the payload checked
 * and completed by the type's {@link JobHandler}. A saved definition passes the same rules again.
 */
@ApplicationScoped
class JobDefinitions {

    static final String DEFAULT_JOB_ID = "process-image-queue";
    static final int MAX_PAYLOAD_CHARS = 10_000;

    @Inject
    Validator validator;
    @Inject
    JobsConfig config;
    @Inject
    ObjectMapper json;

    private final Map<JobType, JobHandler> handlers = new EnumMap<>(JobType.class);

    @Inject
    void handlers(Instance<JobHandler> beans) {
        beans.forEach(h -> handlers.put(h.type(), h));
    }

    JobHandler handler(String type) {
        return JobType.of(type).map(handlers::get).orElseThrow(() -> new IllegalStateException("no handler for " + type));
    }

    /** A request that passed its constraints: defaults in, payload checked by its type (400 naming the field). */
    JobDefinition define(JobRequest r) {
        ObjectNode payload = r.payload() == null ? json.createObjectNode() : r.payload().deepCopy();
        if (payload.toString().length() > MAX_PAYLOAD_CHARS) {
            throw JobRequestReader.invalid("payload", "payload must be at most " + MAX_PAYLOAD_CHARS + " characters of JSON");
        }
        try {
            payload = handlers.get(r.type()).normalize(payload);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw JobRequestReader.invalid(message.startsWith("payload.batch_size ") ? "payload.batch_size" : "payload",
                    message);
        }
        return new JobDefinition(r.id(), Optional.ofNullable(r.name()).orElse(r.id()),
                Optional.ofNullable(r.description()).orElse(""), r.type().wire(), r.interval(), payload);
    }

    /** A definition read back from jobs.json or the jobs table, checked as a request would be. */
    JobDefinition recheck(JobDefinition saved) {
        JobRequest r = JobRequest.of(saved);
        Set<ConstraintViolation<JobRequest>> violations = validator.validate(r);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return define(r);
    }

    /** The job created on first start: API.md's seed body with the configured interval and batch size. */
    JobDefinition defaultJob() {
        ObjectNode payload = json.createObjectNode().put("batch_size", config.defaultBatchSize());
        return recheck(new JobDefinition(DEFAULT_JOB_ID, "Process Image Queue", "Process pending images in queue",
                JobType.PROCESS_IMAGES.wire(), config.defaultInterval(), payload));
    }

    /** Why a saved definition was refused, for the log. */
    static String reason(RuntimeException e) {
        if (e instanceof ConstraintViolationException v) {
            return v.getConstraintViolations().stream().map(ConstraintViolation::getMessage).sorted()
                    .reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
        }
        return e.getMessage();
    }
}
