package com.greenvue.images.queue;

/** Another replica changed the shared job registry (postgres backend): the registry refreshes its schedule. */
public record JobsChanged(String jobId) {
}
