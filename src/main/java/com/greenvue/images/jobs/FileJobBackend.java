package com.greenvue.images.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import com.greenvue.images.api.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The file backend: this process alone owns the jobs; jobs.json is saved after every change and eventful run. */
@ApplicationScoped
@Typed(FileJobBackend.class)
class FileJobBackend implements JobBackend {

    private static final Logger LOG = Logger.getLogger(FileJobBackend.class);

    @Inject
    FileJobStore file;
    @Inject
    JobTable table;
    @Inject
    JobDefinitions definitions;
    @Inject
    JobsConfig config;

    @Override
    public void restore() {
        Optional<List<JobView>> saved = file.load();
        synchronized (table.lock) {
            if (saved.isPresent()) {
                for (JobView v : saved.get()) {
                    try {
                        JobDefinition def = definitions.recheck(v.definition());
                        Job job = new Job(def, definitions.handler(def.type()), v.createdAt());
                        job.paused = "paused".equals(v.state());
                        job.countersFrom(v);
                        job.updatedAt = v.updatedAt() == null ? job.createdAt : v.updatedAt();
                        table.install(job);
                    } catch (ApiException | ConstraintViolationException e) {
                        LOG.errorf("Saved job '%s' is invalid and was skipped: %s", v.id(), JobDefinitions.reason(e));
                    }
                }
                LOG.infof("Job registry restored from %s: %d jobs", config.file(), table.all().size());
            } else {
                JobDefinition def = definitions.defaultJob();
                table.install(new Job(def, definitions.handler(def.type()), Instant.now()));
                LOG.infof("No saved job registry at %s: created the default job '%s' (every %s)", config.file(),
                        def.id(), def.interval());
            }
            changed();
        }
    }

    @Override
    public void refresh() {
        // one process: nothing changes elsewhere
    }

    @Override
    public long put(JobView job) {
        return 0;
    }

    @Override
    public long setPaused(String id, boolean paused, Instant at) {
        return 0;
    }

    @Override
    public void delete(String id) {
        // saved by changed() once the table has it
    }

    @Override
    public void changed() {
        file.save(table.views(), table.stopping());
    }

    @Override
    public void recordRun(Job job, JobView.LastRun run, boolean eventful) {
        if (eventful) {
            synchronized (table.lock) {
                changed();
            }
        }
    }

    @Override
    public boolean tickIsOurs(Job job) {
        return true;
    }

    @Override
    public void stop() {
        changed();
    }
}
