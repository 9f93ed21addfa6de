package com.greenvue.images.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.files.DurableFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The queue on local disk: {@code records/<id>.json} (one atomically replaced file per image)
 * and {@code spool/<id>.img} (the original upload). Every write is fsynced, file and directory,
 * before it returns, so a record that was answered 202 survives kill -9 and power loss. Damaged
 * or orphaned files are moved to {@code quarantine/}, never deleted and never fatal. A clean
 * shutdown also leaves {@code snapshot.json}, which the next start compares once and then moves
 * to {@code snapshots/}; it is never read for recovery.
 * <p>
 * Longer than 250 lines because it is the whole on-disk format of the file backend: writing,
 * loading, quarantining and the shutdown snapshot read and write the same folders, and keeping
 * them together keeps the crash-safety rules (write and fsync before memory changes) in one place.
 */
public class FileQueueStore implements QueueStore {

    private static final Logger LOG = Logger.getLogger(FileQueueStore.class);
    /** How many compared shutdown snapshots stay in {@code snapshots/} (the newest), for inspection. */
    static final int KEPT_SNAPSHOTS = 5;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path records;
    private final Path spool;
    private final Path quarantine;
    private final Path snapshot;
    private final Path snapshots;
    private final ObjectMapper json;
    private final AtomicLong sourceBytes = new AtomicLong();

    public FileQueueStore(Path dir, ObjectMapper json) throws IOException {
        this.dir = dir;
        this.records = Files.createDirectories(dir.resolve("records"));
        this.spool = Files.createDirectories(dir.resolve("spool"));
        this.quarantine = dir.resolve("quarantine");
        this.snapshot = dir.resolve("snapshot.json");
        this.snapshots = dir.resolve("snapshots");
        this.json = json;
    }

    @Override
    public void loadAll(Consumer<ImageRecord> each) throws IOException {
        // ids of unfinished records (as few as the work held in memory, never the history): bytes in
        // the spool whose record is not among them belong to a processed image and are freed below
        java.util.Set<String> unfinished = new java.util.HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // a write that never reached its rename: the previous version is still in place
                    Files.deleteIfExists(file);
                    continue;
                }
                ImageRecord record;
                try {
                    record = json.readValue(file.toFile(), ImageRecord.class);
                    if (record.id() == null || !name.equals(record.id() + ".json")) {
                        throw new IOException("record id does not match its file name");
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("Queue record %s is unreadable (%s); moved to %s for inspection",
                            file, e.getMessage(), quarantine);
                    quarantine(file);
                    continue;
                }
                if (record.status() != ImageStatus.PROCESSED) {
                    unfinished.add(record.id().toString());
                }
                each.accept(record);
            }
        }
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.endsWith(".img") ? name.substring(0, name.length() - 4) : name;
                if (!Files.exists(records.resolve(id + ".json"))) {
                    // bytes whose record was never written: the upload was not answered 202
                    LOG.warnf("Spool file %s has no queue record (an upload interrupted before it was accepted); "
                            + "moved to %s", file, quarantine);
                    quarantine(file);
                    continue;
                }
                if (!unfinished.contains(id)) {
                    // the record says processed: a stop came between its write and the delete of the bytes
                    Files.deleteIfExists(file);
                    continue;
                }
                bytes += Files.size(file);
            }
        }
        sourceBytes.set(bytes);
    }

    @Override
    public void insert(List<NewImage> images) throws IOException {
        List<Path> written = new ArrayList<>();
        try {
            for (NewImage image : images) {
                Path target = sourceFile(image.record().id());
                moveOrCopy(image.source(), target);
                written.add(target);
                DurableFiles.fsync(target);
            }
            DurableFiles.fsyncDirectory(spool);
            for (NewImage image : images) {
                Path target = recordFile(image.record().id());
                DurableFiles.writeAtomically(target, json.writeValueAsBytes(image.record()), false);
                written.add(target);
            }
            DurableFiles.fsyncDirectory(records);
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException cleanup) {
                    LOG.warnf("Could not remove %s after a failed intake: %s", p, cleanup.getMessage());
                }
            }
            throw e;
        }
        for (NewImage image : images) {
            sourceBytes.addAndGet(image.record().originalBytes());
        }
    }

    @Override
    public void update(ImageRecord record) throws IOException {
        DurableFiles.writeAtomically(recordFile(record.id()), json.writeValueAsBytes(record), true);
    }

    @Override
    public Optional<ImageRecord> read(UUID id) throws IOException {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(recordFile(id)), ImageRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(UUID id) {
        return Files.exists(recordFile(id));
    }

    @Override
    public byte[] readSource(UUID id) throws IOException {
        return Files.readAllBytes(sourceFile(id));
    }

    @Override
    public boolean hasSource(UUID id) {
        return Files.exists(sourceFile(id));
    }

    @Override
    public void deleteSource(UUID id) throws IOException {
        Path file = sourceFile(id);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return;
        }
        if (Files.deleteIfExists(file)) {
            sourceBytes.addAndGet(-size);
        }
    }

    @Override
    public void delete(UUID id) throws IOException {
        deleteSource(id);
        Files.deleteIfExists(recordFile(id));
    }

    @Override
    public long sourceBytes() {
        return sourceBytes.get();
    }

    /** Probes with a real write: permission bits alone say nothing when running as root. */
    @Override
    public boolean isWritable() {
        for (Path dir : new Path[] {spool, records}) {
            try {
                Path probe = Files.createTempFile(dir, ".probe-", ".tmp");
                Files.delete(probe);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void writeShutdownSnapshot(QueueSnapshot taken) throws IOException {
        DurableFiles.writeAtomically(snapshot, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(taken), true);
    }

    @Override
    public Optional<QueueSnapshot> takeShutdownSnapshot() throws IOException {
        // a snapshot write cut short (kill -9 during shutdown): that shutdown was not clean
        Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + ".tmp"));
        QueueSnapshot taken;
        try {
            taken = json.readValue(Files.readAllBytes(snapshot), QueueSnapshot.class);
            requireComplete(taken);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        // set aside before it is compared: if it cannot be, it must not be compared again later
        setAside("");
        return Optional.of(taken);
    }

    private static void requireComplete(QueueSnapshot taken) throws IOException {
        if (taken == null || taken.writtenAt() == null || taken.images() == null) {
            throw new IOException("written_at or images missing");
        }
        for (QueueSnapshot.Entry e : taken.images()) {
            if (e == null || e.id() == null || e.status() == null) {
                throw new IOException("an image without id or status");
            }
        }
    }

    private IOException unreadable(Exception cause) {
        // Jackson's own message, without the location lines it appends: one log line
        String reason = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
        String what = "shutdown snapshot " + snapshot + " is unreadable (" + reason + ")";
        try {
            return new IOException(what + "; moved to " + setAside("-unreadable"), cause);
        } catch (IOException moveFailed) {
            return new IOException(what + " and could not be moved aside (" + moveFailed.getMessage() + ")", cause);
        }
    }

    /** Moves {@code snapshot.json} to {@code snapshots/}, named by the time it was set aside, and keeps the last few. */
    private Path setAside(String suffix) throws IOException {
        Files.createDirectories(snapshots);
        Path target = snapshots.resolve("snapshot-" + STAMP.format(Instant.now()) + suffix + ".json");
        Files.move(snapshot, target, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(snapshots);
        DurableFiles.fsyncDirectory(dir);
        try (Stream<Path> files = Files.list(snapshots)) {
            List<Path> old = files.filter(p -> p.getFileName().toString().startsWith("snapshot-")
                    && p.getFileName().toString().endsWith(".json")).sorted().toList();
            for (Path p : old.subList(0, Math.max(0, old.size() - KEPT_SNAPSHOTS))) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("Could not remove old shutdown snapshots from %s: %s", snapshots, e.getMessage());
        }
        return target;
    }

    /** The folder the store lives in (the file backend keeps its processed index beside the records). */
    Path dir() {
        return dir;
    }

    private Path recordFile(UUID id) {
        return records.resolve(id + ".json");
    }

    private Path sourceFile(UUID id) {
        return spool.resolve(id + ".img");
    }

    private static void moveOrCopy(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | NoSuchFileException e) {
            if (!Files.exists(from)) {
                throw e;
            }
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // another file system (uploads folder elsewhere): copy instead
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void quarantine(Path file) throws IOException {
        Files.createDirectories(quarantine);
        Files.move(file, quarantine.resolve(file.getFileName() + "." + Instant.now().toEpochMilli()),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
