package com.greenvue.images.jobs;

import com.greenvue.images.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The postgres backend: the jobs table is the truth every replica shares. A change is saved there
 * first (the database refusing it is a 503 and nothing changes here); other replicas' changes are
 * synced in; one replica runs each tick. jobs.json is only the export written at shutdown.
 */
@ApplicationScoped
@Typed(PostgresJobBackend.class)
class PostgresJobBackend implements JobBackend {

    private static final Logger LOG = Logger.getLogger(PostgresJobBackend.class);

    @Inject
    PostgresJobStore shared;
    @Inject
    FileJobStore export;
    @Inject
    JobTable table;
    @Inject
    JobDefinitions definitions;
    @Inject
    JobRunner runner;
    @Inject
    JobsConfig config;

    @Override
    public void restore() {
        Optional<List<PostgresJobStore.Row>> rows;
        try {
            rows = shared.load();
        } catch (IOException e) {
            throw new IllegalStateException("The job registry cannot be read from PostgreSQL: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            JobDefinition def = definitions.defaultJob();
            Instant now = Instant.now();
            try {
                shared.put(new JobView(def.id(), def.name(), def.description(), def.type(), def.interval(),
                        def.payload(), "active", now, now, null, null, 0, null, null));
            } catch (IOException e) {
                throw new IllegalStateException("The default job cannot be saved to PostgreSQL: " + e.getMessage(), e);
            }
            LOG.infof("Job registry in PostgreSQL was empty: created the default job '%s' (every %s)", def.id(),
                    def.interval());
        }
        refresh();
        LOG.infof("Job registry shared through PostgreSQL: %d jobs (jobs.json at %s is the export written at shutdown)",
                table.all().size(), config.file());
    }

    /**
     * Brings this replica's schedule in line with the jobs table (new, changed, paused, resumed and
     * deleted jobs), and its counters up to date. Runs at start, when another replica announces a
     * change, before every read, and when a tick finds its job's version moved.
     */
    @Override
    public void refresh() {
        if (table.stopping()) {
            return;
        }
        List<PostgresJobStore.Row> rows;
        try {
            rows = shared.load().orElse(List.of());
        } catch (IOException e) {
            LOG.warnf("Job registry not refreshed from PostgreSQL: %s", e.getMessage());
            return;
        }
        synchronized (table.lock) {
            Set<String> present = new HashSet<>();
            for (PostgresJobStore.Row row : rows) {
                present.add(row.view().id());
                apply(row);
            }
            for (Job job : List.copyOf(table.all())) {
                if (!present.contains(job.id())) {
                    table.remove(job.id());
                    LOG.infof("Job '%s' was deleted on another replica: stopped here", job.id());
                }
            }
        }
    }

    /** One row into the table: rebuilt when its version moved, else only its counters. */
    private void apply(PostgresJobStore.Row row) {
        JobView v = row.view();
        Job local = table.get(v.id());
        if (local != null && local.version == row.version()) {
            local.countersFrom(v);
            return;
        }
        Job job;
        try {
            JobDefinition def = definitions.recheck(v.definition());
            job = new Job(def, definitions.handler(def.type()), v.createdAt());
        } catch (ApiException | ConstraintViolationException e) {
            LOG.errorf("Job '%s' in PostgreSQL is invalid and was skipped: %s", v.id(), JobDefinitions.reason(e));
            return;
        }
        job.version = row.version();
        job.paused = "paused".equals(v.state());
        job.updatedAt = v.updatedAt();
        job.countersFrom(v);
        table.install(job);
        if (local != null) {
            LOG.infof("Job '%s' changed on another replica: now %s, every %s", v.id(), v.state(), v.interval());
        }
        if (!job.paused && job.handler.wakesOnEnqueue() && (local == null || local.paused)) {
            runner.wake(job);
        }
    }

    @Override
    public long put(JobView job) {
        return write(() -> shared.put(job));
    }

    @Override
    public long setPaused(String id, boolean paused, Instant at) {
        return write(() -> shared.setPaused(id, paused, at).orElseThrow(() -> JobTable.notFound(id)));
    }

    @Override
    public void delete(String id) {
        write(() -> shared.delete(id) ? 1L : 0L);
    }

    @Override
    public void changed() {
        // the table is the truth; the file is the export written at shutdown
    }

    @Override
    public void recordRun(Job job, JobView.LastRun run, boolean eventful) {
        try {
            shared.recordRun(job.id(), run, eventful);
        } catch (IOException e) {
            LOG.warnf("Run of job '%s' not recorded in PostgreSQL: %s", job.id(), e.getMessage());
        }
    }

    /**
     * One replica runs each scheduled tick (the slot is the start time divided by the interval). A
     * tick that finds the job changed, paused or deleted elsewhere refreshes this replica's schedule
     * instead, so such a change takes effect here within one tick even if the notification was missed.
     */
    @Override
    public boolean tickIsOurs(Job job) {
        try {
            if (shared.claimTick(job.id(), job.version, System.currentTimeMillis() / Math.max(1, job.interval.toMillis()))) {
                return true;
            }
            if (!shared.version(job.id()).equals(Optional.of(job.version))) {
                refresh();
            }
        } catch (IOException e) {
            LOG.warnf("Tick of job '%s' skipped: %s", job.id(), e.getMessage());
        }
        return false;
    }

    @Override
    public void stop() {
        export.save(table.views(), true);
    }

    private interface Write {
        long run() throws IOException;
    }

    /** A change to the shared registry; the database refusing it is a 503 and nothing changes here. */
    private static long write(Write write) {
        try {
            return write.run();
        } catch (IOException e) {
            LOG.errorf("Job registry change not saved to PostgreSQL: %s", e.getMessage());
            throw new ApiException(503, "registry_unavailable",
                    "The job registry database is unreachable right now; nothing was changed. Retry later.", null, 5);
        }
    }
}
