package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.greenvue.images.api.ApiException;
import com.greenvue.images.queue.ImagesEnqueued;
import com.greenvue.images.queue.JobsChanged;
import com.greenvue.images.queue.QueueConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The runtime registry of recurring jobs: schedules each with the Quarkus {@link Scheduler}
 * (never two runs of one job at once), records every run's outcome and saves itself after each
 * change. A run catches everything it throws; a broken job never stops the scheduler.
 */
@ApplicationScoped
public class JobRegistry {

    private static final Logger LOG = Logger.getLogger(JobRegistry.class);
    static final String DEFAULT_JOB_ID = "process-image-queue";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_PAYLOAD_CHARS = 10_000;

    @Inject
    Scheduler scheduler;
    @Inject
    JobsConfig config;
    @Inject
    QueueConfig queueConfig;
    @Inject
    ObjectMapper json;
    @Inject
    Instance<JobHandler> handlerBeans;
    @Inject
    MeterRegistry metrics;
    @Inject
    Instance<PostgresJobStore> postgres;

    private final Map<String, JobHandler> handlers = new TreeMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Run guards outlive a replaced job, so a replacement never overlaps the old job's last run. */
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ScheduledExecutorService wakeups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-wakeup");
        t.setDaemon(true);
        return t;
    });
    private JobStore store;
    /** The registry every replica shares, with the postgres backend; null with the file backend. */
    private PostgresJobStore shared;
    private volatile boolean stopping;

    /** One registered job: its definition and what happened to it. */
    private static final class Job {
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

        Job(JobDefinition definition, JobHandler handler, Duration interval, Instant createdAt) {
            this.definition = definition;
            this.handler = handler;
            this.interval = interval;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    void start(@Observes @Priority(20) StartupEvent ev) {
        for (JobHandler h : handlerBeans) {
            handlers.put(h.type(), h);
        }
        store = new FileJobStore(Path.of(config.file()), json);
        if (queueConfig.backend() == QueueConfig.Backend.POSTGRES) {
            shared = postgres.get();
            startShared();
            return;
        }
        Optional<List<JobView>> saved = store.load();
        synchronized (lock) {
            if (saved.isPresent()) {
                for (JobView v : saved.get()) {
                    try {
                        Job job = build(validate(json.valueToTree(v.definition())), v.createdAt());
                        job.paused = "paused".equals(v.state());
                        job.lastRunAt = v.lastRunAt();
                        job.runCount = v.runCount();
                        job.lastRun = v.lastRun();
                        job.lastTick = v.lastTick();
                        job.updatedAt = v.updatedAt() == null ? job.createdAt : v.updatedAt();
                        install(job);
                    } catch (ApiException e) {
                        LOG.errorf("Saved job '%s' is invalid and was skipped: %s", v.id(), e.getMessage());
                    }
                }
                LOG.infof("Job registry restored from %s: %d jobs", config.file(), jobs.size());
            } else {
                install(build(validate(defaultJobBody()), Instant.now()));
                LOG.infof("No saved job registry at %s: created the default job '%s' (every %s)", config.file(),
                        DEFAULT_JOB_ID, config.defaultInterval());
            }
            save();
        }
    }

    /** Postgres backend: the jobs table is the truth; jobs.json is only the export written at shutdown. */
    private void startShared() {
        Optional<List<PostgresJobStore.Row>> rows;
        try {
            rows = shared.load();
        } catch (IOException e) {
            throw new IllegalStateException("The job registry cannot be read from PostgreSQL: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            JobDefinition def = validate(defaultJobBody());
            Instant now = Instant.now();
            try {
                shared.put(new JobView(def.id(), def.name(), def.description(), def.type(), def.interval(),
                        def.payload(), "active", now, now, null, null, 0, null, null));
            } catch (IOException e) {
                throw new IllegalStateException("The default job cannot be saved to PostgreSQL: " + e.getMessage(), e);
            }
            LOG.infof("Job registry in PostgreSQL was empty: created the default job '%s' (every %s)", DEFAULT_JOB_ID,
                    config.defaultInterval());
        }
        sync();
        LOG.infof("Job registry shared through PostgreSQL: %d jobs (jobs.json at %s is the export written at shutdown)",
                jobs.size(), config.file());
    }

    /**
     * Postgres backend: brings this replica's schedule in line with the jobs table (new, changed,
     * paused, resumed and deleted jobs), and its counters up to date. Runs at start, when another
     * replica announces a change, and when a tick finds its job's version moved.
     */
    void sync() {
        if (shared == null || stopping) {
            return;
        }
        List<PostgresJobStore.Row> rows;
        try {
            rows = shared.load().orElse(List.of());
        } catch (IOException e) {
            LOG.warnf("Job registry not refreshed from PostgreSQL: %s", e.getMessage());
            return;
        }
        synchronized (lock) {
            java.util.Set<String> present = new java.util.HashSet<>();
            for (PostgresJobStore.Row row : rows) {
                JobView v = row.view();
                present.add(v.id());
                Job local = jobs.get(v.id());
                if (local == null || local.version != row.version()) {
                    Job job;
                    try {
                        job = build(validate(json.valueToTree(v.definition())), v.createdAt());
                    } catch (ApiException e) {
                        LOG.errorf("Job '%s' in PostgreSQL is invalid and was skipped: %s", v.id(), e.getMessage());
                        continue;
                    }
                    if (local != null) {
                        scheduler.unscheduleJob(v.id());
                    }
                    job.version = row.version();
                    job.paused = "paused".equals(v.state());
                    job.updatedAt = v.updatedAt();
                    counters(job, v);
                    install(job);
                    if (local != null) {
                        LOG.infof("Job '%s' changed on another replica: now %s, every %s", v.id(), v.state(), v.interval());
                    }
                    if (!job.paused && job.handler.wakesOnEnqueue() && (local == null || local.paused)) {
                        wake(job);
                    }
                } else {
                    counters(local, v);
                }
            }
            for (String id : List.copyOf(jobs.keySet())) {
                if (!present.contains(id)) {
                    scheduler.unscheduleJob(id);
                    jobs.remove(id);
                    LOG.infof("Job '%s' was deleted on another replica: stopped here", id);
                }
            }
        }
    }

    private static void counters(Job job, JobView v) {
        job.runCount = v.runCount();
        job.lastRun = v.lastRun();
        job.lastTick = v.lastTick();
        job.lastRunAt = v.lastRunAt();
    }

    void onRegistryChanged(@Observes JobsChanged ev) {
        sync();
    }

    private ObjectNode defaultJobBody() {
        ObjectNode body = json.createObjectNode()
                .put("id", DEFAULT_JOB_ID)
                .put("name", "Process Image Queue")
                .put("description", "Process pending images in queue")
                .put("type", ProcessImagesHandler.TYPE)
                .put("interval", config.defaultInterval());
        body.putObject("payload").put("batch_size", config.defaultBatchSize());
        return body;
    }

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        synchronized (lock) {
            for (String id : jobs.keySet()) {
                scheduler.unscheduleJob(id);
            }
            save();
        }
        wakeups.shutdownNow();
    }

    public List<JobView> list() {
        sync();
        return views();
    }

    private List<JobView> views() {
        return jobs.values().stream().map(this::view).sorted(Comparator.comparing(JobView::id)).toList();
    }

    public Optional<JobView> find(String id) {
        sync();
        return Optional.ofNullable(jobs.get(id)).map(this::view);
    }

    /** Creates or replaces (and restarts) a job. Returns true when it was new. */
    public boolean put(JsonNode body) {
        JobDefinition def = validate(body);
        sync();
        synchronized (lock) {
            Job old = jobs.get(def.id());
            Job job = build(def, old == null ? Instant.now() : old.createdAt);
            if (old != null) {
                job.runCount = old.runCount;
                job.lastRun = old.lastRun;
                job.lastTick = old.lastTick;
                job.lastRunAt = old.lastRunAt;
            }
            if (shared != null) {
                // saved first: when the database refuses, the old job goes on as it was
                job.version = sharedWrite(() -> shared.put(view(job)));
            }
            if (old != null) {
                scheduler.unscheduleJob(def.id());
            }
            install(job);
            save();
            LOG.infof("Job '%s' %s: type %s every %s, payload %s", def.id(), old == null ? "created" : "replaced",
                    def.type(), def.interval(), def.payload());
            if (job.handler.wakesOnEnqueue()) {
                // work may have been waiting while the job was absent: start on it now
                wake(job);
            }
            return old == null;
        }
    }

    public void delete(String id) {
        synchronized (lock) {
            Job job = require(id);
            if (shared != null) {
                sharedWrite(() -> shared.delete(id) ? 1L : 0L);
            }
            scheduler.unscheduleJob(id);
            jobs.remove(id, job);
            save();
        }
        LOG.infof("Job '%s' deleted", id);
    }

    public JobView pause(String id) {
        setPaused(id, true);
        return find(id).orElseThrow();
    }

    public JobView resume(String id) {
        Job resumed = setPaused(id, false);
        if (resumed.handler.wakesOnEnqueue()) {
            wake(resumed);
        }
        return find(id).orElseThrow();
    }

    private Job setPaused(String id, boolean paused) {
        Job job;
        synchronized (lock) {
            job = require(id);
            Instant now = Instant.now();
            if (shared != null) {
                Job held = job;
                held.version = sharedWrite(() -> shared.setPaused(id, paused, now).orElseThrow(() -> notFound(id)));
            }
            job.paused = paused;
            job.updatedAt = now;
            if (paused) {
                scheduler.pause(id);
            } else {
                scheduler.resume(id);
            }
            save();
        }
        LOG.infof("Job '%s' %s", id, paused ? "paused" : "resumed");
        return job;
    }

    /** Runs a job once now, on the caller's thread, even when it is paused. */
    public JobView runNow(String id) {
        Job job = require(id);
        if (!execute(job, "manual")) {
            throw new ApiException(409, "job_running", "Job '" + id + "' is running right now; try again when it ends.");
        }
        return view(job);
    }

    /** The image job's state as the debug endpoint reports it: active, paused or stopped. */
    public String stateOfType(String type) {
        List<Job> ofType = jobs.values().stream().filter(j -> j.definition.type().equals(type)).toList();
        if (ofType.isEmpty()) {
            return "stopped";
        }
        return ofType.stream().anyMatch(j -> !j.paused) ? "active" : "paused";
    }

    void onEnqueued(@Observes ImagesEnqueued ev) {
        if (!queueConfig.eagerWakeup()) {
            return;
        }
        for (Job job : jobs.values()) {
            if (job.handler.wakesOnEnqueue() && !job.paused) {
                wake(job);
            }
        }
    }

    private void wake(Job job) {
        if (stopping || job.paused || !queueConfig.eagerWakeup()) {
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
        if (stopping || job.paused || !queueConfig.eagerWakeup()) {
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
    private boolean execute(Job job, String trigger) {
        AtomicBoolean guard = running.computeIfAbsent(job.definition.id(), k -> new AtomicBoolean());
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
                again = !stopping && !job.paused && queueConfig.eagerWakeup() && jobs.get(job.definition.id()) == job
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
            LOG.errorf(e, "Job '%s' run failed", job.definition.id());
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
        metrics.counter("greenvue.job.runs", "job", job.definition.id(),
                "outcome", error != null ? "error" : didWork ? "worked" : "idle").increment();
        if (shared != null) {
            try {
                shared.recordRun(job.definition.id(), run, didWork || error != null);
            } catch (IOException e) {
                LOG.warnf("Run of job '%s' not recorded in PostgreSQL: %s", job.definition.id(), e.getMessage());
            }
        }
        if (didWork || error != null) {
            LOG.infof("Job '%s' run (%s): %d processed, %d retried, %d failed in %d ms%s", job.definition.id(),
                    trigger, run.processed(), run.retried(), run.failed(), ms,
                    error == null ? "" : ", error: " + error);
            synchronized (lock) {
                save();
            }
        }
        return counts;
    }

    private JobDefinition validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("body", "The body must be a JSON object like {\"id\":\"process-image-queue\",\"type\":"
                    + "\"process_images\",\"interval\":\"10s\",\"payload\":{\"batch_size\":10}}");
        }
        String id = text(body, "id", true);
        if (!ID.matcher(id).matches()) {
            throw bad("id", "id must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String name = Optional.ofNullable(text(body, "name", false)).orElse(id);
        if (name.length() > MAX_NAME) {
            throw bad("name", "name must be at most " + MAX_NAME + " characters (got " + name.length() + ")");
        }
        String description = Optional.ofNullable(text(body, "description", false)).orElse("");
        if (description.length() > MAX_DESCRIPTION) {
            throw bad("description", "description must be at most " + MAX_DESCRIPTION + " characters (got "
                    + description.length() + ")");
        }
        String type = text(body, "type", true);
        JobHandler handler = handlers.get(type);
        if (handler == null) {
            throw bad("type", "Unknown job type '" + type + "'. Known types: " + String.join(", ", handlers.keySet()));
        }
        String intervalText = text(body, "interval", true);
        Duration interval;
        try {
            interval = Durations.parse(intervalText);
        } catch (IllegalArgumentException e) {
            throw bad("interval", "interval " + e.getMessage()
                    + "; use Go duration syntax such as 500ms, 10s, 1m30s or 2h");
        }
        if (interval.compareTo(config.minInterval()) < 0 || interval.compareTo(config.maxInterval()) > 0) {
            throw bad("interval", "interval must be between " + Durations.format(config.minInterval()) + " and "
                    + Durations.format(config.maxInterval()) + " (got '" + intervalText + "')");
        }
        JsonNode payload = body.get("payload");
        ObjectNode normalized;
        if (payload == null || payload.isNull()) {
            normalized = json.createObjectNode();
        } else if (payload.isObject()) {
            if (payload.toString().length() > MAX_PAYLOAD_CHARS) {
                throw bad("payload", "payload must be at most " + MAX_PAYLOAD_CHARS + " characters of JSON");
            }
            normalized = ((ObjectNode) payload).deepCopy();
        } else {
            throw bad("payload", "payload must be a JSON object");
        }
        try {
            normalized = handler.normalize(normalized);
        } catch (IllegalArgumentException e) {
            throw bad("payload.batch_size".equals(firstWord(e.getMessage())) ? "payload.batch_size" : "payload",
                    e.getMessage());
        }
        return new JobDefinition(id, name, description, type, intervalText, normalized);
    }

    private Job build(JobDefinition def, Instant createdAt) {
        return new Job(def, handlers.get(def.type()), Durations.parse(def.interval()), createdAt);
    }

    private void install(Job job) {
        String id = job.definition.id();
        jobs.put(id, job);
        scheduler.newJob(id)
                .setInterval(job.interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(ex -> {
                    if (!stopping && jobs.get(id) == job && !job.paused && tickIsOurs(job)) {
                        execute(job, "schedule");
                    }
                })
                .schedule();
        if (job.paused) {
            scheduler.pause(id);
        }
    }

    /**
     * Postgres backend: one replica runs each scheduled tick (the slot is the start time divided by
     * the interval). A tick that finds the job changed, paused or deleted elsewhere refreshes this
     * replica's schedule instead, so such a change takes effect here within one tick even if the
     * notification was missed. The file backend: always ours.
     */
    private boolean tickIsOurs(Job job) {
        if (shared == null) {
            return true;
        }
        String id = job.definition.id();
        try {
            if (shared.claimTick(id, job.version, System.currentTimeMillis() / Math.max(1, job.interval.toMillis()))) {
                return true;
            }
            if (!shared.version(id).equals(Optional.of(job.version))) {
                sync();
            }
        } catch (IOException e) {
            LOG.warnf("Tick of job '%s' skipped: %s", id, e.getMessage());
        }
        return false;
    }

    private JobView view(Job job) {
        JobDefinition d = job.definition;
        Trigger trigger = scheduler.getScheduledJob(d.id());
        Instant next = job.paused || trigger == null ? null : trigger.getNextFireTime();
        return new JobView(d.id(), d.name(), d.description(), d.type(), d.interval(), d.payload().deepCopy(),
                job.paused ? "paused" : "active", job.createdAt, job.updatedAt, job.lastRunAt, next, job.runCount,
                job.lastRun, job.lastTick);
    }

    private Job require(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw notFound(id);
        }
        return job;
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "job_not_found", "No job with id '" + id + "'. GET /api/jobs lists them.");
    }

    private interface SharedWrite {
        long run() throws IOException;
    }

    /** A change to the shared registry; the database refusing it is a 503 and nothing changes here. */
    private static long sharedWrite(SharedWrite write) {
        try {
            return write.run();
        } catch (IOException e) {
            LOG.errorf("Job registry change not saved to PostgreSQL: %s", e.getMessage());
            throw new ApiException(503, "registry_unavailable",
                    "The job registry database is unreachable right now; nothing was changed. Retry later.", null, 5);
        }
    }

    private void save() {
        if (store == null || (shared != null && !stopping)) {
            // postgres backend: the table is the truth; the file is the export written at shutdown
            return;
        }
        try {
            List<JobView> all = new ArrayList<>(views());
            store.save(all);
        } catch (IOException e) {
            if (stopping) {
                // a run finishing after stop() (its thread interrupted by the shutdown): the copy saved
                // at shutdown stands, only this run's counters are not in it
                LOG.infof("Job registry not saved again after shutdown began (%s); the copy saved at shutdown stands",
                        e.getClass().getSimpleName());
            } else {
                LOG.errorf("Could not save the job registry to %s: %s", config.file(), e.getMessage());
            }
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(field, "Field '" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field, "Field '" + field + "' must be a string");
        }
        if (required && v.asText().isBlank()) {
            throw bad(field, "Field '" + field + "' must not be empty");
        }
        return v.asText();
    }

    private static String firstWord(String s) {
        return s == null ? "" : s.split(" ", 2)[0];
    }

    private static ApiException bad(String field, String message) {
        return new ApiException(400, "invalid_job", message, Map.of("field", field));
    }
}
