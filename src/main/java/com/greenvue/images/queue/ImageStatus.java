package com.greenvue.images.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of a queued image, spelled in JSON exactly as API.md lists them. */
public enum ImageStatus {
    PENDING, PROCESSING, PROCESSED, RETRY, FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ImageStatus parse(String value) {
        for (ImageStatus s : values()) {
            if (s.json().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown image status '" + value
                + "' (expected pending, processing, processed, retry or failed)");
    }

    /** Waiting for the worker: counted as queued for back-pressure and the debug pending count. */
    public boolean isQueued() {
        return this == PENDING || this == RETRY || this == PROCESSING;
    }
}
