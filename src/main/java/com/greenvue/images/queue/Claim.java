package com.greenvue.images.queue;

import java.time.Instant;

/**
 * One lease of an image to a worker ({@code owner} names the replica's process): when it was
 * taken, until when it held, and how it ended ({@code processed}, {@code attempt_failed},
 * {@code failed}, {@code released}; both null while it is held). Lets an operator, and the
 * multi-replica test, see that no two workers held one image at the same time.
 */
public record Claim(String owner, Instant claimedAt, Instant leaseUntil, Instant endedAt, String outcome) {
}
