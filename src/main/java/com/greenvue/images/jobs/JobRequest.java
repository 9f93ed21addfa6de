package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of POST /api/jobs, field for field as clients send it. Its constraints are the rules
 * (checked by Hibernate Validator, answered by {@link ViolationMapper}) and the OpenAPI schema
 * is generated from them; the payload depends on the type and is checked by its {@link JobHandler}.
 */
@Schema(name = "JobBody")
public record JobRequest(
        @NotNull(message = "Field 'id' is required")
        @Pattern(regexp = ID, message = "id must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit")
        @Schema(description = "Replaces the job with the same id")
        String id,

        @Size(max = MAX_NAME, message = "name must be at most {max} characters")
        @Schema(description = "Defaults to the id")
        String name,

        @Size(max = MAX_DESCRIPTION, message = "description must be at most {max} characters")
        @Schema(description = "Defaults to empty")
        String description,

        @NotNull(message = "Field 'type' is required")
        JobType type,

        @NotNull(message = "Field 'interval' is required")
        @GoInterval
        @Schema(description = "Go duration syntax (500ms, 10s, 1m30s, 2h), from greenvue.jobs.min-interval (100ms) "
                + "to max-interval (24h)", examples = "10s")
        String interval,

        @Schema(implementation = JobPayload.class)
        ObjectNode payload) {

    static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;

    /** Payload of a process_images job, as OpenAPI shows it ({@link ProcessImagesHandler} checks it). */
    @Schema(name = "JobPayload", description = "Depends on type; process_images takes batch_size")
    public record JobPayload(
            @Schema(description = "Images claimed per run (default greenvue.jobs.default-batch-size, 10)",
                    minimum = "1", maximum = "1000") Integer batch_size) {
    }

    /** A saved definition as a request, so a restored job passes the same rules as a new one. */
    static JobRequest of(JobDefinition saved) {
        return new JobRequest(saved.id(), saved.name(), saved.description(), JobType.of(saved.type()).orElse(null),
                saved.interval(), saved.payload());
    }
}
