package com.greenvue.images.queue;

import java.time.Instant;

/** One failed processing attempt, kept on the record so an operator can see the history. */
public record Attempt(Instant at, String error, boolean permanent) {
}
