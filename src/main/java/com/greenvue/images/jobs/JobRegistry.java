package com.greenvue.images.jobs;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.queue.JobsChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The runtime registry of recurring jobs, as the jobs API and the debug endpoint use it: create,
 * replace, pause, resume, delete and run jobs. Every change is saved by the {@link JobBackend}
 * before it takes effect here; {@link JobTable} holds the jobs, {@link JobSchedule} ticks them,
 * {@link JobRunner} runs them.
 */
@ApplicationScoped
public class JobRegistry {

    private static final Logger LOG = Logger.getLogger(JobRegistry.class);

    @Inject
    JobTable table;
    @Inject
    JobSchedule schedule;
    @Inject
    JobRunner runner;
    @Inject
    JobBackend backend;
    @Inject
    JobDefinitions definitions;

    void start(@Observes @Priority(20) StartupEvent ev) {
        backend.restore();
    }

    void stop(@Observes ShutdownEvent ev) {
        table.stop();
        synchronized (table.lock) {
            for (Job job : table.all()) {
                schedule.remove(job.id());
            }
            backend.stop();
        }
        runner.stop();
    }

    void onRegistryChanged(@Observes JobsChanged ev) {
        backend.refresh();
    }

    public List<JobView> list() {
        backend.refresh();
        return table.views();
    }

    public Optional<JobView> find(String id) {
        backend.refresh();
        return Optional.ofNullable(table.get(id)).map(table::view);
    }

    /** Creates or replaces (and restarts) a job from a request that passed its constraints. Returns true when it was new. */
    public boolean put(JobRequest request) {
        JobDefinition def = definitions.define(request);
        backend.refresh();
        synchronized (table.lock) {
            Job old = table.get(def.id());
            Job job = new Job(def, definitions.handler(def.type()), old == null ? Instant.now() : old.createdAt);
            if (old != null) {
                job.runCount = old.runCount;
                job.lastRun = old.lastRun;
                job.lastTick = old.lastTick;
                job.lastRunAt = old.lastRunAt;
            }
            // saved first: when the store refuses, the old job goes on as it was
            job.version = backend.put(table.view(job));
            table.install(job);
            backend.changed();
            LOG.infof("Job '%s' %s: type %s every %s, payload %s", def.id(), old == null ? "created" : "replaced",
                    def.type(), def.interval(), def.payload());
            if (job.handler.wakesOnEnqueue()) {
                // work may have been waiting while the job was absent: start on it now
                runner.wake(job);
            }
            return old == null;
        }
    }

    public void delete(String id) {
        synchronized (table.lock) {
            table.require(id);
            backend.delete(id);
            table.remove(id);
            backend.changed();
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
            runner.wake(resumed);
        }
        return find(id).orElseThrow();
    }

    private Job setPaused(String id, boolean paused) {
        Job job;
        synchronized (table.lock) {
            job = table.require(id);
            Instant now = Instant.now();
            job.version = backend.setPaused(id, paused, now);
            job.paused = paused;
            job.updatedAt = now;
            schedule.pause(id, paused);
            backend.changed();
        }
        LOG.infof("Job '%s' %s", id, paused ? "paused" : "resumed");
        return job;
    }

    /** Runs a job once now, on the caller's thread, even when it is paused. */
    public JobView runNow(String id) {
        Job job = table.require(id);
        if (!runner.execute(job, "manual")) {
            throw new ApiException(409, "job_running", "Job '" + id + "' is running right now; try again when it ends.");
        }
        return table.view(job);
    }

    /** The state of the jobs of one type as the debug endpoint reports it: active, paused or stopped. */
    public String stateOfType(String type) {
        List<Job> ofType = table.all().stream().filter(j -> j.definition.type().equals(type)).toList();
        if (ofType.isEmpty()) {
            return "stopped";
        }
        return ofType.stream().anyMatch(j -> !j.paused) ? "active" : "paused";
    }
}
