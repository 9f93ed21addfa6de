package com.greenvue.images.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this replica knows and schedules, and the lock every change to them holds. Holds state
 * only: what a change means (saving it, telling other replicas) is decided by its callers.
 */
@ApplicationScoped
class JobTable {

    @Inject
    JobSchedule schedule;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Held by every change of the table and by every save of it, so a save never sees half a change. */
    final Object lock = new Object();
    private volatile boolean stopping;

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    Job get(String id) {
        return jobs.get(id);
    }

    Job require(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw notFound(id);
        }
        return job;
    }

    Collection<Job> all() {
        return jobs.values();
    }

    /** Whether this is the job now registered under its id (not one replaced or deleted since). */
    boolean isCurrent(Job job) {
        return jobs.get(job.id()) == job;
    }

    /** Registers and schedules a job, in place of (and unscheduling) any job with its id. */
    void install(Job job) {
        if (jobs.put(job.id(), job) != null) {
            schedule.remove(job.id());
        }
        schedule.install(job);
    }

    void remove(String id) {
        schedule.remove(id);
        jobs.remove(id);
    }

    JobView view(Job job) {
        return job.view(schedule.nextRun(job.id()));
    }

    List<JobView> views() {
        return jobs.values().stream().map(this::view).sorted(Comparator.comparing(JobView::id)).toList();
    }

    static JobNotFoundException notFound(String id) {
        return new JobNotFoundException(id);
    }
}
