package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.greenvue.images.processing.BatchOutcome;
import com.greenvue.images.processing.ImageWorker;
import com.greenvue.images.queue.ImageQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Type {@code process_images}: one batch of the image queue per run ({@code batch_size} 1-1000, default 10). */
@ApplicationScoped
public class ProcessImagesHandler implements JobHandler {

    static final int MAX_BATCH = 1000;

    @Inject
    ImageWorker worker;
    @Inject
    JobsConfig config;
    @Inject
    ImageQueue queue;

    @Override
    public JobType type() {
        return JobType.PROCESS_IMAGES;
    }

    @Override
    public ObjectNode normalize(ObjectNode payload) {
        JsonNode size = payload.get("batch_size");
        if (size == null || size.isNull()) {
            payload.put("batch_size", config.defaultBatchSize());
        } else if (!size.isIntegralNumber() || !size.canConvertToInt()) {
            throw new IllegalArgumentException("payload.batch_size must be a whole number from 1 to " + MAX_BATCH);
        } else if (size.intValue() < 1 || size.intValue() > MAX_BATCH) {
            throw new IllegalArgumentException("payload.batch_size must be from 1 to " + MAX_BATCH
                    + " (got " + size.intValue() + ")");
        }
        return payload;
    }

    @Override
    public RunCounts run(ObjectNode payload, boolean eager) {
        int batch = payload.get("batch_size").intValue();
        // with eager wake-up the job goes on at once while work remains, so idle threads may claim ahead
        BatchOutcome o = worker.runBatch(batch, eager);
        return new RunCounts(o.processed(), o.retried(), o.failed(), o.claimed() >= batch || o.carried() > 0,
                queue.nextRetryAt().orElse(null));
    }

    @Override
    public boolean wakesOnEnqueue() {
        return true;
    }
}
