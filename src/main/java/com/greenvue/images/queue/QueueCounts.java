package com.greenvue.images.queue;

import java.time.Instant;

/** How many images are in each state, and the oldest one still waiting. */
public record QueueCounts(long pending, long processing, long retry, long processed, long failed,
        Instant oldestWaitingSince, long spoolBytes) {

    public long waiting() {
        return pending + retry + processing;
    }
}
