package com.greenvue.images.processing;

/**
 * What one run of the image job did: images it took on (claimed, or carried from the run before),
 * their outcomes, and how many images its idle threads already claimed ahead for the next run.
 */
public record BatchOutcome(int claimed, int processed, int retried, int failed, int carried) {

    public static final BatchOutcome EMPTY = new BatchOutcome(0, 0, 0, 0, 0);
}
