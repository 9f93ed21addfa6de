package com.greenvue.images.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The embedded backend: one process, records and bytes in files ({@link FileQueueStore}). The heap
 * holds only the work that is not finished (pending, processing, retry) and the dead letters
 * (failed); processed images are indexed on disk ({@link ProcessedIndex}: a count per day in
 * memory), and their records are read from disk when asked for, so memory does not grow with
 * history. Every change is written, fsynced, before the in-memory copy is replaced: memory never
 * runs ahead of disk, and a failed write leaves the state as it was. A bean of its own type only:
 * {@link QueueBackendSelection} decides whether it is the {@link QueueBackend}.
 * <p>
 * Longer than 250 lines because it is every {@link QueueBackend} operation under the one lock that
 * makes each atomic; what is not about that lock lives beside it ({@link FileQueueStore} on disk,
 * {@link ProcessedIndex}, {@link IdempotencyKeys}).
 */
@ApplicationScoped
@Typed(FileQueueBackend.class)
public class FileQueueBackend implements QueueBackend {

    private static final Logger LOG = Logger.getLogger(FileQueueBackend.class);

    private final FileQueueStore store;
    private final ProcessedIndex processed;
    private final Object lock = new Object();
    private final Map<UUID, ImageRecord> held = new HashMap<>();
    private final IdempotencyKeys keys = new IdempotencyKeys();
    /** How long a key is remembered; at a start, older keyed records are not remembered at all. */
    private final Duration idempotencyWindow;

    @Inject
    FileQueueBackend(QueueConfig config, ObjectMapper json) throws IOException {
        this(new FileQueueStore(Path.of(config.dir()), json), config.idempotencyWindow());
    }

    /** A backend that remembers every Idempotency-Key it reads at a start (the window is then each intake's). */
    FileQueueBackend(FileQueueStore store) throws IOException {
        this(store, ChronoUnit.FOREVER.getDuration());
    }

    FileQueueBackend(FileQueueStore store, Duration idempotencyWindow) throws IOException {
        this.store = store;
        this.processed = new ProcessedIndex(store.dir().resolve("processed"));
        this.idempotencyWindow = idempotencyWindow;
    }

    @Override
    public String describe() {
        return "files in " + store.dir();
    }

    @Override
    public boolean shared() {
        return false;
    }

    /**
     * Reads every record once, one at a time: unfinished and failed ones are held, processed ones
     * only counted (and their index markers checked), so a start never holds the history either.
     */
    @Override
    public int open(Consumer<ImageRecord> recover) throws IOException {
        int[] recovered = {0};
        Instant keySince = keysSince(Instant.now());
        synchronized (lock) {
            try {
                store.loadAll(loaded -> {
                    try {
                        recovered[0] += restore(loaded, recover, keySince) ? 1 : 0;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            processed.sweep(new ProcessedIndex.Truth() {
                @Override
                public boolean held(UUID id) {
                    return held.containsKey(id);
                }

                @Override
                public boolean exists(UUID id) {
                    return store.exists(id);
                }

                @Override
                public Optional<ImageRecord> processed(UUID id) throws IOException {
                    return readProcessed(id);
                }
            });
        }
        return recovered[0];
    }

    /** The start of the idempotency window at {@code now}; the earliest instant when the window is unbounded. */
    private Instant keysSince(Instant now) {
        try {
            return now.minus(idempotencyWindow);
        } catch (ArithmeticException | DateTimeException e) {
            return Instant.MIN;
        }
    }

    /** Places one record read at startup; true when it was in processing and {@code recover} was applied. */
    private boolean restore(ImageRecord loaded, Consumer<ImageRecord> recover, Instant keySince) throws IOException {
        ImageRecord r = loaded;
        boolean recovered = r.status() == ImageStatus.PROCESSING;
        if (recovered) {
            // the process stopped while one of its workers held it: no other process can
            r = loaded.copy();
            recover.accept(r);
            store.update(r);
        }
        if (r.status() == ImageStatus.PROCESSED) {
            processed.ensure(ProcessedIndex.Entry.of(r));
        } else {
            held.put(r.id(), r);
        }
        if (r.idempotencyKey() != null && r.createdAt().isAfter(keySince)) {
            keys.remember(r);
        }
        return recovered;
    }

    @Override
    public ImageQueue.Intake insert(List<NewImage> images, String idempotencyKey, Instant keySince, Limits limits)
            throws IOException {
        synchronized (lock) {
            keys.forgetUntil(keySince);
            if (idempotencyKey != null) {
                List<ImageRecord> replay = new ArrayList<>();
                for (UUID id : keys.idsOf(idempotencyKey)) {
                    findLocked(id).ifPresent(replay::add);
                }
                if (!replay.isEmpty()) {
                    replay.sort(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::partIndex));
                    return new ImageQueue.Intake(replay, true);
                }
            }
            long waiting = held.values().stream().filter(r -> r.status().isQueued()).count();
            if (waiting + images.size() > limits.maxQueued()) {
                throw new QueueFullException("queue_full", "The image queue is full (" + waiting
                        + " images waiting, limit " + limits.maxQueued() + "). Retry later.");
            }
            long incoming = images.stream().mapToLong(i -> i.record().originalBytes()).sum();
            if (store.sourceBytes() + incoming > limits.maxSpoolBytes()) {
                throw new QueueFullException("spool_full", "The upload spool is full. Retry later.");
            }
            store.insert(images);
            List<ImageRecord> saved = new ArrayList<>();
            for (NewImage image : images) {
                ImageRecord r = image.record().copy();
                held.put(r.id(), r);
                if (r.idempotencyKey() != null) {
                    keys.remember(r);
                }
                saved.add(r.copy());
            }
            return new ImageQueue.Intake(saved, false);
        }
    }

    @Override
    public Optional<ImageRecord> find(UUID id) throws IOException {
        synchronized (lock) {
            return findLocked(id);
        }
    }

    private Optional<ImageRecord> findLocked(UUID id) throws IOException {
        ImageRecord r = held.get(id);
        if (r != null) {
            return Optional.of(r.copy());
        }
        return readProcessed(id);
    }

    /** A record not held is processed or unknown: read from disk, never kept. */
    private Optional<ImageRecord> readProcessed(UUID id) throws IOException {
        return store.read(id).filter(r -> r.status() == ImageStatus.PROCESSED);
    }

    /**
     * Oldest first across the held records and the processed index, a day at a time: only the days
     * the page falls on are read from disk, the others are skipped by their counts.
     */
    @Override
    public ImageQueue.Page list(ImageStatus status, int offset, int limit) throws IOException {
        synchronized (lock) {
            NavigableMap<LocalDate, List<ProcessedIndex.Entry>> live = new TreeMap<>();
            held.values().stream()
                    .filter(r -> status == null || r.status() == status)
                    .forEach(r -> live.computeIfAbsent(ProcessedIndex.Entry.of(r).day(), d -> new ArrayList<>())
                            .add(ProcessedIndex.Entry.of(r)));
            NavigableMap<LocalDate, Long> finished = status == null || status == ImageStatus.PROCESSED
                    ? processed.countsByDay() : new TreeMap<>();
            long total = live.values().stream().mapToLong(List::size).sum()
                    + finished.values().stream().mapToLong(Long::longValue).sum();
            Set<LocalDate> days = new TreeSet<>(live.keySet());
            days.addAll(finished.keySet());
            List<ImageRecord> page = new ArrayList<>();
            long skip = offset;
            for (LocalDate day : days) {
                if (page.size() >= limit) {
                    break;
                }
                long inDay = live.getOrDefault(day, List.of()).size() + finished.getOrDefault(day, 0L);
                if (skip >= inDay) {
                    skip -= inDay;
                    continue;
                }
                List<ProcessedIndex.Entry> entries = new ArrayList<>(live.getOrDefault(day, List.of()));
                if (finished.containsKey(day)) {
                    // a marker of held work is stale (a stop between two writes): the held record is the truth
                    processed.entries(day).stream().filter(e -> !held.containsKey(e.id())).forEach(entries::add);
                }
                entries.sort(ProcessedIndex.OLDEST_FIRST);
                for (ProcessedIndex.Entry e : entries.subList((int) Math.min(skip, entries.size()), entries.size())) {
                    if (page.size() >= limit) {
                        break;
                    }
                    findLocked(e.id()).ifPresent(page::add);
                }
                skip = 0;
            }
            return new ImageQueue.Page(page, total, offset, limit);
        }
    }

    @Override
    public Optional<ImageRecord> update(UUID id, Predicate<ImageRecord> change) throws IOException {
        synchronized (lock) {
            Optional<ImageRecord> current = findLocked(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            ImageRecord before = current.get();
            ImageRecord r = before.copy();
            if (change.test(r)) {
                save(before, r);
            }
            return Optional.of(r.copy());
        }
    }

    @Override
    public List<ImageRecord> claim(int max, Instant now, Consumer<ImageRecord> expire, Consumer<ImageRecord> claim)
            throws IOException {
        synchronized (lock) {
            List<ImageRecord> expired = held.values().stream()
                    .filter(r -> r.status() == ImageStatus.PROCESSING && r.leaseExpiresAt() != null
                            && r.leaseExpiresAt().isBefore(now))
                    .map(ImageRecord::copy)
                    .toList();
            for (ImageRecord r : expired) {
                ImageRecord before = held.get(r.id());
                expire.accept(r);
                save(before, r);
            }
            List<ImageRecord> ready = held.values().stream()
                    .filter(r -> r.isReady(now))
                    .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::partIndex))
                    .limit(max)
                    .map(ImageRecord::copy)
                    .toList();
            List<ImageRecord> claimed = new ArrayList<>();
            for (ImageRecord r : ready) {
                ImageRecord before = held.get(r.id());
                claim.accept(r);
                save(before, r);
                claimed.add(r.copy());
            }
            return claimed;
        }
    }

    @Override
    public List<UUID> requeueableFailed() {
        synchronized (lock) {
            return held.values().stream()
                    .filter(r -> r.status() == ImageStatus.FAILED && store.hasSource(r.id()))
                    .sorted(Comparator.comparing(ImageRecord::createdAt))
                    .map(ImageRecord::id)
                    .toList();
        }
    }

    @Override
    public int purge(Instant processedBefore, Instant failedBefore) throws IOException {
        synchronized (lock) {
            List<IOException> errors = new ArrayList<>();
            int n = processed.purge(processedBefore, store::delete, errors);
            List<UUID> failed = held.values().stream()
                    .filter(r -> r.status() == ImageStatus.FAILED && r.updatedAt().isBefore(failedBefore))
                    .map(ImageRecord::id)
                    .toList();
            for (UUID id : failed) {
                try {
                    store.delete(id);
                    held.remove(id);
                    n++;
                } catch (IOException ex) {
                    errors.add(ex);
                }
            }
            if (!errors.isEmpty() && n == 0) {
                throw errors.get(0);
            }
            return n;
        }
    }

    @Override
    public QueueCounts counts() {
        synchronized (lock) {
            QueueSnapshot.Counts c = QueueSnapshot.Counts.of(held.values());
            Instant oldest = held.values().stream().filter(r -> r.status().isQueued()).map(ImageRecord::createdAt)
                    .min(Comparator.naturalOrder()).orElse(null);
            return new QueueCounts(c.pending(), c.processing(), c.retry(), processed.count(), c.failed(), oldest,
                    store.sourceBytes());
        }
    }

    @Override
    public Optional<Instant> nextDue() {
        synchronized (lock) {
            return held.values().stream()
                    .map(r -> r.status() == ImageStatus.RETRY ? r.nextAttemptAt()
                            : r.status() == ImageStatus.PROCESSING ? r.leaseExpiresAt() : null)
                    .filter(java.util.Objects::nonNull)
                    .min(Comparator.naturalOrder());
        }
    }

    @Override
    public byte[] readSource(UUID id) throws IOException {
        return store.readSource(id);
    }

    @Override
    public boolean hasSource(UUID id) {
        return store.hasSource(id);
    }

    @Override
    public boolean isWritable() {
        return store.isWritable();
    }

    @Override
    public Optional<QueueSnapshot> writeShutdownSnapshot(Instant now) throws IOException {
        QueueSnapshot snapshot;
        synchronized (lock) {
            snapshot = QueueSnapshot.of(held.values(), processed.count(), now);
        }
        store.writeShutdownSnapshot(snapshot);
        return Optional.of(snapshot);
    }

    @Override
    public Optional<QueueSnapshot.Check> crossCheckShutdownSnapshot() throws IOException {
        Optional<QueueSnapshot> snapshot = store.takeShutdownSnapshot();
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        synchronized (lock) {
            return Optional.of(snapshot.get().check(id -> held.containsKey(id) || store.exists(id)));
        }
    }

    /** Memory held for processed images: none per image, a count per day (for the test that says so). */
    int heldRecords() {
        synchronized (lock) {
            return held.size();
        }
    }

    int processedDaysInMemory() {
        synchronized (lock) {
            return processed.daysHeld();
        }
    }

    /**
     * Saves {@code after} (a changed copy of {@code before}) and puts it where it belongs: held in
     * full, or indexed on disk as processed. The marker of a newly processed record is made before
     * the record is written (a marker is only a hint, checked against the record on every start);
     * a write that fails takes it back, so nothing changes.
     */
    private void save(ImageRecord before, ImageRecord after) throws IOException {
        ProcessedIndex.Entry was = before.status() == ImageStatus.PROCESSED ? ProcessedIndex.Entry.of(before) : null;
        ProcessedIndex.Entry is = after.status() == ImageStatus.PROCESSED ? ProcessedIndex.Entry.of(after) : null;
        boolean newEntry = is != null && !is.equals(was);
        if (newEntry) {
            processed.add(is);
        }
        try {
            store.update(after);
        } catch (IOException | RuntimeException e) {
            if (newEntry) {
                processed.remove(is);
            }
            throw e;
        }
        if (was != null && !was.equals(is)) {
            processed.remove(was);
        }
        if (is != null) {
            held.remove(after.id());
        } else {
            held.put(after.id(), after);
        }
        if (is != null && was == null) {
            try {
                store.deleteSource(after.id());
            } catch (IOException e) {
                LOG.warnf("Could not free the spool bytes of processed image %s (FileQueueStore.loadAll frees them at the next start): %s",
                        after.id(), e.getMessage());
            }
        }
    }
}
