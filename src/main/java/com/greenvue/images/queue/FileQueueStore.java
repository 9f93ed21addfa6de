package com.greenvue.images.queue;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The queue on local disk: {@code records/<id>.json} (one atomically replaced file per image)
 * and {@code spool/<id>.img} (the original upload). Every write is fsynced, file and directory,
 * before it returns, so a record that was answered 202 survives kill -9 and power loss. Damaged
 * or orphaned files are moved to {@code quarantine/}, never deleted and never fatal.
 */
public class FileQueueStore implements QueueStore {

    private static final Logger LOG = Logger.getLogger(FileQueueStore.class);

    private final Path records;
    private final Path spool;
    private final Path quarantine;
    private final ObjectMapper json;
    private final AtomicLong sourceBytes = new AtomicLong();

    public FileQueueStore(Path dir, ObjectMapper json) throws IOException {
        this.records = Files.createDirectories(dir.resolve("records"));
        this.spool = Files.createDirectories(dir.resolve("spool"));
        this.quarantine = dir.resolve("quarantine");
        this.json = json;
    }

    @Override
    public List<ImageRecord> loadAll() throws IOException {
        List<ImageRecord> loaded = new ArrayList<>();
        Set<String> known = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // a write that never reached its rename: the previous version is still in place
                    Files.deleteIfExists(file);
                    continue;
                }
                try {
                    ImageRecord record = json.readValue(file.toFile(), ImageRecord.class);
                    if (record.id() == null || !name.equals(record.id() + ".json")) {
                        throw new IOException("record id does not match its file name");
                    }
                    loaded.add(record);
                    known.add(record.id().toString());
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("Queue record %s is unreadable (%s); moved to %s for inspection",
                            file, e.getMessage(), quarantine);
                    quarantine(file);
                }
            }
        }
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.endsWith(".img") ? name.substring(0, name.length() - 4) : name;
                if (!known.contains(id)) {
                    // bytes whose record was never written: the upload was not answered 202
                    LOG.warnf("Spool file %s has no queue record (an upload interrupted before it was accepted); "
                            + "moved to %s", file, quarantine);
                    quarantine(file);
                    continue;
                }
                bytes += Files.size(file);
            }
        }
        sourceBytes.set(bytes);
        return loaded;
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
