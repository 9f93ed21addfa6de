package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One job type: validates its payload and runs once. Beans of this type are looked up by {@link #type()}. */
public interface JobHandler {

    JobType type();

    /**
     * Checks a client's payload and returns it completed with defaults. Throws
     * {@link IllegalArgumentException} whose message names the payload field.
     */
    ObjectNode normalize(ObjectNode payload);

    /** Runs the job once; may throw, the registry records the error. */
    RunCounts run(ObjectNode payload, boolean eager);

    /** Whether this type wants an immediate run when images are enqueued. */
    default boolean wakesOnEnqueue() {
        return false;
    }

    /**
     * What a run did, as the registry records it. {@code more} says a full batch was taken (more
     * may wait); {@code nextDue}, when set, is when work not ready now becomes ready (a retry's backoff).
     */
    record RunCounts(int processed, int retried, int failed, boolean more, Instant nextDue) {
    }
}
