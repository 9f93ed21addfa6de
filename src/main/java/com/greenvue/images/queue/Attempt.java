package com.greenvue.images.queue;

import java.time.Instant;

/**
 * One failed processing attempt, kept on the record so an operator can see the history:
 * {@code retryAt} is when the next attempt was scheduled (the backoff drawn), null when it was the last.
 */
public record Attempt(Instant at, String error, boolean permanent, Instant retryAt) {
}
