package com.greenvue.images.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The file backend's index of processed images, on disk, so that the heap does not grow with
 * history: one empty marker file per processed image, {@code processed/<day created, UTC>/<id>_<created>_<updated>},
 * enough to page them oldest first and to find those past retention without reading a record.
 * Memory holds a count and the earliest update per day only. A marker is a hint, never the truth:
 * the record ({@code records/<id>.json}) is; markers are not fsynced, because every start checks
 * them against the records ({@link #ensure}, {@link #sweep}). Not thread-safe: the backend's lock guards it.
 * Longer than 250 lines because the start-up check ({@link #sweep}) belongs with the marker format it checks.
 */
final class ProcessedIndex {

    private static final Logger LOG = Logger.getLogger(ProcessedIndex.class);

    /** One processed image as its marker names it. */
    record Entry(UUID id, Instant createdAt, Instant updatedAt) {

        static Entry of(ImageRecord r) {
            return new Entry(r.id(), r.createdAt(), r.updatedAt());
        }

        LocalDate day() {
            return LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
        }

        String fileName() {
            return id + "_" + stamp(createdAt) + "_" + stamp(updatedAt);
        }

        /** The entry a marker file name stands for; empty for a name this index did not write. */
        static Optional<Entry> parse(String name) {
            String[] parts = name.split("_");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Entry(UUID.fromString(parts[0]), instant(parts[1]), instant(parts[2])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        private static String stamp(Instant t) {
            return t.getEpochSecond() + "." + t.getNano();
        }

        private static Instant instant(String stamp) {
            int dot = stamp.indexOf('.');
            return Instant.ofEpochSecond(Long.parseLong(stamp.substring(0, dot)), Long.parseLong(stamp.substring(dot + 1)));
        }
    }

    /** Oldest first, as every page of the queue is ordered. */
    static final Comparator<Entry> OLDEST_FIRST =
            Comparator.comparing(Entry::createdAt).thenComparing(e -> e.id().toString());

    /** What memory keeps of one day: how many images, and no update later than the earliest one's. */
    private static final class Day {
        long count;
        /** A lower bound of the earliest update in the day (exact after a scan): retention skips the day while it is not past. */
        Instant earliestUpdate;
    }

    private final Path root;
    private final NavigableMap<LocalDate, Day> days = new TreeMap<>();
    private long count;

    ProcessedIndex(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    long count() {
        return count;
    }

    /** How many days memory holds a count for (bounded by the retention period, not by the images processed). */
    int daysHeld() {
        return days.size();
    }

    /** How many processed images were created on each day, oldest day first. */
    NavigableMap<LocalDate, Long> countsByDay() {
        NavigableMap<LocalDate, Long> out = new TreeMap<>();
        days.forEach((d, s) -> out.put(d, s.count));
        return out;
    }

    /** Adds the marker of {@code e} and counts it. */
    void add(Entry e) throws IOException {
        Path dir = Files.createDirectories(root.resolve(e.day().toString()));
        try {
            Files.createFile(dir.resolve(e.fileName()));
        } catch (FileAlreadyExistsException already) {
            // left by a change that failed after it: the same entry, counted once below
        }
        counted(e);
    }

    /** At startup, for a processed record read from disk: its marker is created if a crash left it out, and it is counted. */
    void ensure(Entry e) throws IOException {
        if (!Files.exists(root.resolve(e.day().toString()).resolve(e.fileName()))) {
            add(e);
        } else {
            counted(e);
        }
    }

    private void counted(Entry e) {
        Day d = days.computeIfAbsent(e.day(), k -> new Day());
        d.count++;
        if (d.earliestUpdate == null || e.updatedAt().isBefore(d.earliestUpdate)) {
            d.earliestUpdate = e.updatedAt();
        }
        count++;
    }

    /**
     * Removes the marker of {@code e} and stops counting it. Never throws: a marker that stays
     * behind is skipped when read (its record says otherwise) and removed at the next start.
     */
    void remove(Entry e) {
        Day d = days.get(e.day());
        if (d != null) {
            count--;
            if (--d.count <= 0) {
                days.remove(e.day());
            }
        }
        Path dir = root.resolve(e.day().toString());
        try {
            Files.deleteIfExists(dir.resolve(e.fileName()));
            if (d != null && d.count <= 0) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ex) {
            // a directory not empty (a stale marker) or a failed delete: the next start sweeps it
            LOG.debugf("Processed index %s: %s left for the next start (%s)", dir, e.fileName(), ex.getMessage());
        }
    }

    /** The entries of one day, oldest first (read from disk). */
    List<Entry> entries(LocalDate day) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(day.toString()))) {
            for (Path f : files) {
                Entry.parse(f.getFileName().toString()).ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        out.sort(OLDEST_FIRST);
        return out;
    }

    /** Forgets one processed image's record (and bytes), for {@link #purge}. */
    interface Forget {
        void forget(UUID id) throws IOException;
    }

    /**
     * Retention: every entry last updated before {@code before} has its record forgotten, then its
     * marker removed. Only the days whose earliest update is before it are read from disk, and their
     * earliest update is made exact on the way. A record that could not be forgotten keeps its
     * marker (tried again next time) and its error is added to {@code errors}. Returns how many went.
     */
    int purge(Instant before, Forget forget, List<IOException> errors) throws IOException {
        int purged = 0;
        for (LocalDate day : new ArrayList<>(days.keySet())) {
            Day d = days.get(day);
            if (!d.earliestUpdate.isBefore(before)) {
                continue;
            }
            Instant earliestKept = null;
            for (Entry e : entries(day)) {
                if (e.updatedAt().isBefore(before)) {
                    try {
                        forget.forget(e.id());
                        remove(e);
                        purged++;
                        continue;
                    } catch (IOException ex) {
                        errors.add(ex);
                    }
                }
                if (earliestKept == null || e.updatedAt().isBefore(earliestKept)) {
                    earliestKept = e.updatedAt();
                }
            }
            d.earliestUpdate = earliestKept == null ? before : earliestKept;
        }
        return purged;
    }

    /** What the records say, for {@link #sweep}. */
    interface Truth {
        /** The id belongs to work the backend holds (not processed): its marker is stale. */
        boolean held(UUID id);

        /** Whether a record with this id is saved at all. */
        boolean exists(UUID id);

        /** The processed record as saved, empty when there is none. */
        Optional<ImageRecord> processed(UUID id) throws IOException;
    }

    /**
     * At startup, after every processed record was {@link #ensure ensured} (so each has its right
     * marker): removes the markers no record accounts for, left by a stop between a record's write
     * and its marker's change, by a record removed by hand, or names this index did not write. Only
     * an id with two markers has its record read. Returns how many were removed.
     */
    int sweep(Truth truth) throws IOException {
        int removed = 0;
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root)) {
            all.forEach(dirs::add);
        }
        for (Path dir : dirs) {
            List<Entry> entries = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException notADirectory) {
                continue;
            }
            for (String name : names) {
                Optional<Entry> e = Entry.parse(name);
                if (e.isEmpty() || !e.get().day().toString().equals(dir.getFileName().toString())
                        || truth.held(e.get().id()) || !truth.exists(e.get().id())) {
                    Files.deleteIfExists(dir.resolve(name));
                    removed++;
                } else {
                    entries.add(e.get());
                }
            }
            // two markers of one id: a change of a processed record's timestamps cut short; keep the record's
            entries.sort(Comparator.comparing(e -> e.id().toString()));
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).id().equals(entries.get(i - 1).id())) {
                    Optional<Entry> right = truth.processed(entries.get(i).id()).map(Entry::of);
                    for (Entry e : List.of(entries.get(i - 1), entries.get(i))) {
                        if (!right.equals(Optional.of(e)) && Files.deleteIfExists(dir.resolve(e.fileName()))) {
                            removed++;
                        }
                    }
                }
            }
            LocalDate day = parseDay(dir.getFileName().toString());
            if (day == null || !days.containsKey(day)) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmpty) {
                    LOG.warnf("Processed index folder %s holds files it did not write; left as it is", dir);
                }
            }
        }
        if (removed > 0) {
            LOG.infof("Processed index: %d stale markers removed (a stop between a record's write and its marker's)",
                    removed);
        }
        return removed;
    }

    private static LocalDate parseDay(String name) {
        try {
            return LocalDate.parse(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
