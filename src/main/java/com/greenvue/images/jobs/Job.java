package com.greenvue.images.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One registered job: its definition, its handler and what happened to it. A replaced job is a new Job. */
final class Job {

    final JobDefinition definition;
    final JobHandler handler;
    final Duration interval;
    final Instant createdAt;
    volatile Instant updatedAt;
    volatile boolean paused;
    volatile Instant lastRunAt;
    volatile long runCount;
    volatile JobView.LastRun lastRun;
    volatile JobView.LastRun lastTick;
    /** The row version this job was built from (postgres backend): another version means it changed elsewhere. */
    volatile long version;
    final AtomicBoolean wakeRequested = new AtomicBoolean();

    Job(JobDefinition definition, JobHandler handler, Instant createdAt) {
        this.definition = definition;
        this.handler = handler;
        this.interval = Durations.parse(definition.interval());
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String id() {
        return definition.id();
    }

    /** Takes over the counters of a saved or replaced job. */
    void countersFrom(JobView v) {
        runCount = v.runCount();
        lastRun = v.lastRun();
        lastTick = v.lastTick();
        lastRunAt = v.lastRunAt();
    }

    JobView view(Instant nextRunAt) {
        JobDefinition d = definition;
        return new JobView(d.id(), d.name(), d.description(), d.type(), d.interval(), d.payload().deepCopy(),
                paused ? "paused" : "active", createdAt, updatedAt, lastRunAt, paused ? null : nextRunAt, runCount,
                lastRun, lastTick);
    }
}
