package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as GET /api/jobs shows it and as jobs.json stores it: the client's definition plus what
 * the service knows about it.
 */
public record JobView(String id, String name, String description, String type, String interval,
        @Schema(implementation = JobRequest.JobPayload.class) ObjectNode payload,
        @Schema(enumeration = {"active", "paused"}) String state, Instant createdAt, Instant updatedAt, Instant lastRunAt,
        Instant nextRunAt, long runCount,
        @Schema(description = "The most recent run that did work (processed, retried or failed an image) or failed itself")
        LastRun lastRun,
        @Schema(description = "The most recent run of any kind, idle ticks included")
        LastRun lastTick) {

    /** The outcome of one run. */
    public record LastRun(Instant startedAt, long durationMs, int processed, int retried, int failed,
            String error, String trigger) {
    }

    JobDefinition definition() {
        return new JobDefinition(id, name, description, type, interval, payload);
    }
}
