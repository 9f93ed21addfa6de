package com.greenvue.images.queue;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the queue still held when the service last stopped cleanly: every image not yet processed.
 * Written once at shutdown and read once at the next start, only to cross-check the per-image
 * records; recovery never depends on it.
 */
public record QueueSnapshot(Instant writtenAt, Counts counts, List<Entry> images) {

    /** How many records were in each status (processed included) when the snapshot was taken. */
    public record Counts(long pending, long processing, long retry, long processed, long failed) {

        /** Tallies {@code records} by status (the caller holds the queue's lock). */
        static Counts of(Collection<ImageRecord> records) {
            long pending = 0, processing = 0, retry = 0, processed = 0, failed = 0;
            for (ImageRecord r : records) {
                switch (r.status()) {
                    case PENDING -> pending++;
                    case PROCESSING -> processing++;
                    case RETRY -> retry++;
                    case PROCESSED -> processed++;
                    case FAILED -> failed++;
                }
            }
            return new Counts(pending, processing, retry, processed, failed);
        }
    }

    /** One image that was not processed yet. */
    public record Entry(UUID id, ImageStatus status, int retries, String fileName, Instant createdAt,
            Instant updatedAt) {
    }

    /**
     * How the records restored at startup compare with the snapshot. {@code missing} are the images
     * the snapshot lists that no restored record accounts for (in any status, processed included).
     */
    public record Check(Instant writtenAt, int waiting, int failed, List<UUID> missing) {

        public boolean agrees() {
            return missing.isEmpty();
        }

        /** The one log line of the cross-check. */
        public String summary() {
            String listed = waiting + " waiting images" + (failed > 0 ? " and " + failed + " failed" : "");
            if (agrees()) {
                return "Shutdown snapshot of " + writtenAt + ": " + listed + ", all restored";
            }
            return "Shutdown snapshot of " + writtenAt + ": " + listed + ", but " + missing.size()
                    + " of them have no queue record now (lost since the clean shutdown, or removed by hand): " + missing;
        }
    }

    /** The snapshot of {@code records} (read under the queue's lock), oldest image first. */
    static QueueSnapshot of(Collection<ImageRecord> records, Instant now) {
        return of(records, 0, now);
    }

    /**
     * The snapshot of the records held in full (none of them processed, or they are left out) plus
     * {@code processedElsewhere} processed images counted but not held in memory.
     */
    static QueueSnapshot of(Collection<ImageRecord> records, long processedElsewhere, Instant now) {
        List<Entry> images = records.stream()
                .filter(r -> r.status() != ImageStatus.PROCESSED)
                .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(r -> r.id().toString()))
                .map(r -> new Entry(r.id(), r.status(), r.retries(), r.fileName(), r.createdAt(), r.updatedAt()))
                .toList();
        Counts c = Counts.of(records);
        return new QueueSnapshot(now, new Counts(c.pending(), c.processing(), c.retry(),
                c.processed() + processedElsewhere, c.failed()), images);
    }

    /** Pure: compares this snapshot with the records restored from the store, logs nothing. */
    public Check check(Collection<ImageRecord> restored) {
        Set<UUID> present = new HashSet<>();
        for (ImageRecord r : restored) {
            present.add(r.id());
        }
        return check(present);
    }

    /** Pure: compares this snapshot with the ids of every image restored (in any status). */
    public Check check(Set<UUID> present) {
        return check(present::contains);
    }

    /** Pure: compares this snapshot with what {@code present} says was restored (in any status). */
    public Check check(Predicate<UUID> present) {
        int waiting = 0, failed = 0;
        for (Entry e : images) {
            if (e.status() == ImageStatus.FAILED) {
                failed++;
            } else {
                waiting++;
            }
        }
        List<UUID> missing = images.stream().map(Entry::id).filter(id -> !present.test(id)).toList();
        return new Check(writtenAt, waiting, failed, missing);
    }
}
