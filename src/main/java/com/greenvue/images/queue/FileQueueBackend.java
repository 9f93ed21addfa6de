package com.greenvue.images.queue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The embedded backend: one process, records and bytes in files ({@link FileQueueStore}). The heap
 * holds the work that is not finished (pending, processing, retry) and the dead letters (failed) in
 * full; a processed image is only an id with two timestamps here (about 150 bytes, so the retention
 * scan and the processed count need no disk), and its record is read from disk when asked for.
 * Every change is written, fsynced, before the in-memory copy is replaced: memory never runs ahead
 * of disk, and a failed write leaves the state as it was.
 */
public class FileQueueBackend implements QueueBackend {

    /** A processed image, as little as retention and paging need. */
    private record Done(Instant createdAt, Instant updatedAt) {
    }

    /** The images of one request with an Idempotency-Key, for replays within the window. */
    private record Keyed(Instant createdAt, List<UUID> ids) {
    }

    private final FileQueueStore store;
    private final String dir;
    private final Object lock = new Object();
    private final Map<UUID, ImageRecord> held = new HashMap<>();
    private final Map<UUID, Done> done = new HashMap<>();
    private final Map<String, Keyed> keys = new HashMap<>();

    public FileQueueBackend(FileQueueStore store, String dir) {
        this.store = store;
        this.dir = dir;
    }

    @Override
    public String describe() {
        return "files in " + dir;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public int open(Consumer<ImageRecord> recover) throws IOException {
        int recovered = 0;
        synchronized (lock) {
            for (ImageRecord loaded : store.loadAll()) {
                ImageRecord r = loaded;
                if (r.status() == ImageStatus.PROCESSING) {
                    // the process stopped while one of its workers held it: no other process can
                    r = loaded.copy();
                    recover.accept(r);
                    store.update(r);
                    recovered++;
                }
                place(r);
                if (r.idempotencyKey() != null) {
                    remember(r);
                }
            }
        }
        return recovered;
    }

    @Override
    public ImageQueue.Intake insert(List<NewImage> images, String idempotencyKey, Instant keySince, Limits limits)
            throws IOException {
        synchronized (lock) {
            keys.values().removeIf(k -> !k.createdAt().isAfter(keySince));
            if (idempotencyKey != null) {
                Keyed earlier = keys.get(idempotencyKey);
                if (earlier != null) {
                    List<ImageRecord> replay = new ArrayList<>();
                    for (UUID id : earlier.ids()) {
                        findLocked(id).ifPresent(replay::add);
                    }
                    if (!replay.isEmpty()) {
                        replay.sort(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::partIndex));
                        return new ImageQueue.Intake(replay, true);
                    }
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
                    remember(r);
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
        return done.containsKey(id) ? store.read(id) : Optional.empty();
    }

    @Override
    public ImageQueue.Page list(ImageStatus status, int offset, int limit) throws IOException {
        synchronized (lock) {
            record Key(UUID id, Instant createdAt) {
            }
            Stream<Key> live = held.values().stream()
                    .filter(r -> status == null || r.status() == status)
                    .map(r -> new Key(r.id(), r.createdAt()));
            Stream<Key> finished = status == null || status == ImageStatus.PROCESSED
                    ? done.entrySet().stream().map(e -> new Key(e.getKey(), e.getValue().createdAt()))
                    : Stream.empty();
            List<Key> all = Stream.concat(live, finished)
                    .sorted(Comparator.comparing(Key::createdAt).thenComparing(k -> k.id().toString()))
                    .toList();
            List<ImageRecord> page = new ArrayList<>();
            for (Key k : all.stream().skip(offset).limit(limit).toList()) {
                findLocked(k.id()).ifPresent(page::add);
            }
            return new ImageQueue.Page(page, all.size(), offset, limit);
        }
    }

    @Override
    public Optional<ImageRecord> update(UUID id, Predicate<ImageRecord> change) throws IOException {
        synchronized (lock) {
            Optional<ImageRecord> current = findLocked(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            ImageRecord r = current.get();
            if (change.test(r)) {
                store.update(r);
                place(r);
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
                expire.accept(r);
                store.update(r);
                place(r);
            }
            List<ImageRecord> ready = held.values().stream()
                    .filter(r -> r.isReady(now))
                    .sorted(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::partIndex))
                    .limit(max)
                    .map(ImageRecord::copy)
                    .toList();
            List<ImageRecord> claimed = new ArrayList<>();
            for (ImageRecord r : ready) {
                claim.accept(r);
                store.update(r);
                place(r);
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
            List<UUID> expired = new ArrayList<>();
            done.forEach((id, d) -> {
                if (d.updatedAt().isBefore(processedBefore)) {
                    expired.add(id);
                }
            });
            held.values().stream()
                    .filter(r -> r.status() == ImageStatus.FAILED && r.updatedAt().isBefore(failedBefore))
                    .forEach(r -> expired.add(r.id()));
            int n = 0;
            IOException first = null;
            for (UUID id : expired) {
                try {
                    store.delete(id);
                    done.remove(id);
                    held.remove(id);
                    n++;
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null && n == 0) {
                throw first;
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
            return new QueueCounts(c.pending(), c.processing(), c.retry(), done.size(), c.failed(), oldest,
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
    public void deleteSource(UUID id) throws IOException {
        store.deleteSource(id);
    }

    @Override
    public boolean isWritable() {
        return store.isWritable();
    }

    @Override
    public Optional<QueueSnapshot> writeShutdownSnapshot(Instant now) throws IOException {
        QueueSnapshot snapshot;
        synchronized (lock) {
            snapshot = QueueSnapshot.of(held.values(), done.size(), now);
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
        Set<UUID> present;
        synchronized (lock) {
            present = new HashSet<>(held.keySet());
            present.addAll(done.keySet());
        }
        return Optional.of(snapshot.get().check(present));
    }

    /** Whether any image is known at all (the "no snapshot" log line is only worth saying then). */
    boolean isEmpty() {
        synchronized (lock) {
            return held.isEmpty() && done.isEmpty();
        }
    }

    /** Puts the saved version of a record where it belongs: held in full, or only remembered as processed. */
    private void place(ImageRecord r) {
        if (r.status() == ImageStatus.PROCESSED) {
            held.remove(r.id());
            done.put(r.id(), new Done(r.createdAt(), r.updatedAt()));
        } else {
            done.remove(r.id());
            held.put(r.id(), r);
        }
    }

    private void remember(ImageRecord r) {
        Keyed k = keys.get(r.idempotencyKey());
        List<UUID> ids = new ArrayList<>(k == null ? List.of() : k.ids());
        ids.add(r.id());
        Instant created = k == null || r.createdAt().isBefore(k.createdAt()) ? r.createdAt() : k.createdAt();
        keys.put(r.idempotencyKey(), new Keyed(created, ids));
    }
}
