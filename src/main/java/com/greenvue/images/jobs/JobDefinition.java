package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A job as the client sent it (after validation and defaults): API.md's body, field for field. */
public record JobDefinition(String id, String name, String description, String type, String interval,
        ObjectNode payload) {
}
