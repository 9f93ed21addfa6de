package com.greenvue.images.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The job types a client may ask for, as they appear on the wire; each has one {@link JobHandler}. */
public enum JobType {
    PROCESS_IMAGES("process_images");

    private final String wire;

    JobType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<JobType> of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }

    /** For messages: {@code process_images, …}. */
    public static String known() {
        return Arrays.stream(values()).map(JobType::wire).collect(Collectors.joining(", "));
    }
}
