package com.greenvue.images.queue;

/** CDI event fired after images are durably queued; the image job wakes up on it. */
public record ImagesEnqueued(int count) {
}
