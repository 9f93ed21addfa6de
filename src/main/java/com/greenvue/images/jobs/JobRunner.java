package com.greenvue.images.jobs;

import com.greenvue.images.queue.ImagesEnqueued;
import com.greenvue.images.queue.QueueConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs jobs: one run at a time per job id, recorded (counters, metrics, log line) whatever it
 * throws, and with eager wake-up the runs that follow at once while work remains — on an upload,
 * on a retry's backoff running out. Never lets a failure of a run out.
 */
@ApplicationScoped
class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    @Inject
    QueueConfig queueConfig;
    @Inject
    MeterRegistry metrics;
    @Inject
    JobTable table;
    @Inject
    JobBackend backend;

    /** Run guards outlive a replaced job, so a replacement never overlaps the old job's last run. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService wakeups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-wakeup");
        t.setDaemon(true);
        return t;
    });

    void stop() {
        wakeups.shutdownNow();
    }

    void onEnqueued(@Observes ImagesEnqueued ev) {
        if (!queueConfig.eagerWakeup()) {
            return;
        }
        for (Job job : table.all()) {
            if (job.handler.wakesOnEnqueue() && !job.paused) {
                wake(job);
            }
        }
    }

    /** Asks for a run of the job as soon as possible (eager wake-up); a running job goes on instead. */
    void wake(Job job) {
        if (table.stopping() || job.paused || !queueConfig.eagerWakeup()) {
            return;
        }
        job.wakeRequested.set(true);
        try {
            wakeups.execute(() -> {
                if (job.wakeRequested.get()) {
                    execute(job, "wakeup");
                }
            });
        } catch (RuntimeException e) {
            // the executor is shut down: the service is stopping
        }
    }

    /** Wakes the job when delayed work (a retry's backoff) becomes due, if that is before its next tick. */
    private void wakeAt(Job job, Instant due) {
        if (table.stopping() || job.paused || !queueConfig.eagerWakeup()) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        if (delay >= job.interval.toMillis()) {
            return;
        }
        try {
            wakeups.schedule(() -> wake(job), delay + 5, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // the executor is shut down: the service is stopping
        }
    }

    /**
     * One run (and, with eager wake-up, follow-up runs while work remains). Returns false when
     * the job was already running; a wake-up request is then kept so the running one goes on.
     */
    boolean execute(Job job, String trigger) {
        AtomicBoolean guard = running.computeIfAbsent(job.id(), k -> new AtomicBoolean());
        if (!guard.compareAndSet(false, true)) {
            return false;
        }
        try {
            boolean again;
            String why = trigger;
            do {
                job.wakeRequested.set(false);
                JobHandler.RunCounts counts = runOnce(job, why);
                why = "continue";
                again = !table.stopping() && !job.paused && queueConfig.eagerWakeup() && table.isCurrent(job)
                        && (job.wakeRequested.get() || (counts != null && counts.more()));
            } while (again);
        } finally {
            guard.set(false);
        }
        return true;
    }

    private JobHandler.RunCounts runOnce(Job job, String trigger) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        JobHandler.RunCounts counts = null;
        String error = null;
        try {
            counts = job.handler.run(job.definition.payload(), queueConfig.eagerWakeup());
        } catch (Exception | Error e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "Job '%s' run failed", job.id());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        job.lastRunAt = started;
        job.runCount++;
        JobView.LastRun run = new JobView.LastRun(started, ms, counts == null ? 0 : counts.processed(),
                counts == null ? 0 : counts.retried(), counts == null ? 0 : counts.failed(), error, trigger);
        if (counts != null && counts.nextDue() != null) {
            wakeAt(job, counts.nextDue());
        }
        boolean didWork = counts != null && counts.processed() + counts.retried() + counts.failed() > 0;
        // last_run keeps the last run that did something, so an operator sees when images were last
        // processed; idle ticks only move last_tick
        job.lastTick = run;
        if (didWork || error != null) {
            job.lastRun = run;
        }
        metrics.counter("greenvue.job.runs", "job", job.id(),
                "outcome", error != null ? "error" : didWork ? "worked" : "idle").increment();
        backend.recordRun(job, run, didWork || error != null);
        if (didWork || error != null) {
            LOG.infof("Job '%s' run (%s): %d processed, %d retried, %d failed in %d ms%s", job.id(),
                    trigger, run.processed(), run.retried(), run.failed(), ms,
                    error == null ? "" : ", error: " + error);
        }
        return counts;
    }
}
