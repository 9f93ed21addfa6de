package com.greenvue.images.jobs;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Each job's interval trigger on the Quarkus {@link Scheduler}, never two ticks of one job at once.
 * A tick runs the job only while it is the current, active job and (postgres backend) this replica
 * won the tick.
 */
@ApplicationScoped
class JobSchedule {

    @Inject
    Scheduler scheduler;
    @Inject
    JobTable table;
    @Inject
    JobBackend backend;
    @Inject
    JobRunner runner;

    void install(Job job) {
        scheduler.newJob(job.id())
                .setInterval(job.interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(ex -> {
                    if (!table.stopping() && table.isCurrent(job) && !job.paused && backend.tickIsOurs(job)) {
                        runner.execute(job, "schedule");
                    }
                })
                .schedule();
        if (job.paused) {
            scheduler.pause(job.id());
        }
    }

    void remove(String id) {
        scheduler.unscheduleJob(id);
    }

    void pause(String id, boolean paused) {
        if (paused) {
            scheduler.pause(id);
        } else {
            scheduler.resume(id);
        }
    }

    /** The next tick, null when the job is not scheduled. */
    Instant nextRun(String id) {
        Trigger trigger = scheduler.getScheduledJob(id);
        return trigger == null ? null : trigger.getNextFireTime();
    }
}
