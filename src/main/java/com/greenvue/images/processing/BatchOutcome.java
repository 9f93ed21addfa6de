package com.greenvue.images.processing;

/** What one run of the image job did. */
public record BatchOutcome(int claimed, int processed, int retried, int failed) {

    public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0, 0);
}
