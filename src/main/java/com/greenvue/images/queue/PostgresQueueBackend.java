package com.greenvue.images.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The shared backend: every replica reads and changes the same rows in PostgreSQL (tables made by
 * Flyway, {@code db/migration}). Claims take rows with {@code FOR UPDATE SKIP LOCKED}, so two
 * replicas never claim one image; a lease (owner and expiry) is stored in the row, so a replica
 * killed mid-batch has its images taken over by another once the lease expires. Spooled bytes are a
 * {@code bytea} row beside the record, so any replica can process what another accepted. Holds no
 * records in memory: the database is the truth, read when asked. A bean of its own type only:
 * {@link QueueBackendSelection} decides whether it is the {@link QueueBackend}.
 * <p>
 * Longer than 250 lines because it is every {@link QueueBackend} operation as SQL, each one
 * transaction; the rows' mapping and the statements stay together so a change to the schema is
 * made in one place.
 */
@ApplicationScoped
@Typed(PostgresQueueBackend.class)
public class PostgresQueueBackend implements QueueBackend {

    private static final Logger LOG = Logger.getLogger(PostgresQueueBackend.class);
    /** The channel an intake or requeue is announced on; every replica LISTENs (see {@link PgWakeups}). */
    public static final String CHANNEL = "greenvue_images";

    private final Database db;
    private final ObjectMapper json;

    @Inject
    PostgresQueueBackend(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public String describe() {
        return "PostgreSQL";
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public int open(Consumer<ImageRecord> recover) throws IOException {
        // nothing to recover by hand: a lease left by a stopped replica expires and is reclaimed
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement("SELECT 1 FROM images LIMIT 1")) {
            st.executeQuery().close();
            return 0;
        } catch (SQLException e) {
            throw Database.failed("open the image queue", e);
        }
    }

    @Override
    public ImageQueue.Intake insert(List<NewImage> images, String idempotencyKey, Instant keySince, Limits limits)
            throws IOException {
        ImageQueue.Intake replay = db.inTransaction("save " + images.size() + " uploaded images", c -> {
            if (idempotencyKey != null) {
                // one request per key at a time, across replicas: the second waits, then replays the first
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))")) {
                    lock.setString(1, idempotencyKey);
                    lock.executeQuery().close();
                }
                List<ImageRecord> earlier = query(c, "SELECT record FROM images WHERE idempotency_key = ? "
                        + "AND created_at > ? ORDER BY created_at, part_index", st -> {
                            st.setString(1, idempotencyKey);
                            st.setTimestamp(2, Timestamp.from(keySince));
                        });
                if (!earlier.isEmpty()) {
                    return new ImageQueue.Intake(earlier, true);
                }
            }
            long waiting = scalar(c, "SELECT count(*) FROM images WHERE status IN ('pending', 'retry', 'processing')");
            if (waiting + images.size() > limits.maxQueued()) {
                throw new QueueFullException("queue_full", "The image queue is full (" + waiting
                        + " images waiting, limit " + limits.maxQueued() + "). Retry later.");
            }
            long incoming = images.stream().mapToLong(i -> i.record().originalBytes()).sum();
            if (scalar(c, "SELECT coalesce(sum(size), 0) FROM image_sources") + incoming > limits.maxSpoolBytes()) {
                throw new QueueFullException("spool_full", "The upload spool is full. Retry later.");
            }
            try (PreparedStatement rec = c.prepareStatement("INSERT INTO images (id, status, created_at, updated_at, "
                    + "part_index, next_attempt_at, lease_owner, lease_expires_at, idempotency_key, record) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)");
                    PreparedStatement src = c.prepareStatement("INSERT INTO image_sources (id, size, bytes) VALUES (?, ?, ?)")) {
                for (NewImage image : images) {
                    bind(rec, image.record());
                    rec.addBatch();
                }
                rec.executeBatch();
                for (NewImage image : images) {
                    long size = Files.size(image.source());
                    try (InputStream in = Files.newInputStream(image.source())) {
                        src.setObject(1, image.record().id());
                        src.setLong(2, size);
                        src.setBinaryStream(3, in, size);
                        src.executeUpdate();
                    }
                }
            }
            notify(c, images.size());
            return null; // saved: not a replay
        });
        if (replay != null) {
            return replay;
        }
        for (NewImage image : images) {
            try {
                Files.deleteIfExists(image.source());
            } catch (IOException e) {
                LOG.debugf("Upload temp file %s not removed: %s", image.source(), e.getMessage());
            }
        }
        return new ImageQueue.Intake(images.stream().map(i -> i.record().copy()).toList(), false);
    }

    @Override
    public Optional<ImageRecord> find(UUID id) throws IOException {
        try (Connection c = db.connection()) {
            return query(c, "SELECT record FROM images WHERE id = ?", st -> st.setObject(1, id)).stream().findFirst();
        } catch (SQLException e) {
            throw Database.failed("read image " + id, e);
        }
    }

    @Override
    public ImageQueue.Page list(ImageStatus status, int offset, int limit) throws IOException {
        String where = status == null ? "" : " WHERE status = '" + status.json() + "'";
        try (Connection c = db.connection()) {
            long total = scalar(c, "SELECT count(*) FROM images" + where);
            List<ImageRecord> items = query(c, "SELECT record FROM images" + where
                    + " ORDER BY created_at, id::text OFFSET ? LIMIT ?", st -> {
                        st.setInt(1, offset);
                        st.setInt(2, limit);
                    });
            return new ImageQueue.Page(items, total, offset, limit);
        } catch (SQLException e) {
            throw Database.failed("list images", e);
        }
    }

    @Override
    public Optional<ImageRecord> update(UUID id, Predicate<ImageRecord> change) throws IOException {
        return db.inTransaction("save image " + id, c -> {
            List<ImageRecord> rows = query(c, "SELECT record FROM images WHERE id = ? FOR UPDATE",
                    st -> st.setObject(1, id));
            if (rows.isEmpty()) {
                return Optional.<ImageRecord>empty();
            }
            ImageRecord r = rows.get(0);
            ImageStatus before = r.status();
            if (change.test(r)) {
                save(c, List.of(r));
                if (r.status() == ImageStatus.PENDING && before != ImageStatus.PENDING) {
                    notify(c, 1);
                }
                if (r.status() == ImageStatus.PROCESSED && before != ImageStatus.PROCESSED) {
                    // in the same transaction: a replica killed right after cannot leave the bytes behind
                    try (PreparedStatement st = c.prepareStatement("DELETE FROM image_sources WHERE id = ?")) {
                        st.setObject(1, id);
                        st.executeUpdate();
                    }
                }
            }
            return Optional.of(r);
        });
    }

    @Override
    public List<ImageRecord> claim(int max, Instant now, Consumer<ImageRecord> expire, Consumer<ImageRecord> claim)
            throws IOException {
        return db.inTransaction("claim images", c -> {
            List<ImageRecord> expired = query(c, "SELECT record FROM images WHERE status = 'processing' "
                    + "AND lease_expires_at < ? ORDER BY lease_expires_at LIMIT 1000 FOR UPDATE SKIP LOCKED",
                    st -> st.setTimestamp(1, Timestamp.from(now)));
            expired.forEach(expire);
            save(c, expired);
            List<ImageRecord> ready = max <= 0 ? List.of() : query(c, "SELECT record FROM images "
                    + "WHERE status IN ('pending', 'retry') AND (status = 'pending' OR next_attempt_at IS NULL "
                    + "OR next_attempt_at <= ?) ORDER BY created_at, part_index LIMIT ? FOR UPDATE SKIP LOCKED", st -> {
                        st.setTimestamp(1, Timestamp.from(now));
                        st.setInt(2, max);
                    });
            ready.forEach(claim);
            save(c, ready);
            return ready.stream().map(ImageRecord::copy).toList();
        });
    }

    @Override
    public List<UUID> requeueableFailed() throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("SELECT i.id FROM images i JOIN image_sources s ON s.id = i.id "
                        + "WHERE i.status = 'failed' ORDER BY i.created_at")) {
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw Database.failed("list failed images", e);
        }
    }

    @Override
    public int purge(Instant processedBefore, Instant failedBefore) throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("DELETE FROM images WHERE (status = 'processed' AND updated_at < ?) "
                        + "OR (status = 'failed' AND updated_at < ?)")) {
            st.setTimestamp(1, Timestamp.from(processedBefore));
            st.setTimestamp(2, Timestamp.from(failedBefore));
            return st.executeUpdate();
        } catch (SQLException e) {
            throw Database.failed("purge expired images", e);
        }
    }

    @Override
    public QueueCounts counts() throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("SELECT status, count(*), min(created_at) FROM images GROUP BY status")) {
            long pending = 0, processing = 0, retry = 0, processed = 0, failed = 0;
            Instant oldest = null;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ImageStatus s = ImageStatus.parse(rs.getString(1));
                    long n = rs.getLong(2);
                    switch (s) {
                        case PENDING -> pending = n;
                        case PROCESSING -> processing = n;
                        case RETRY -> retry = n;
                        case PROCESSED -> processed = n;
                        case FAILED -> failed = n;
                    }
                    Instant min = rs.getTimestamp(3).toInstant();
                    if (s.isQueued() && (oldest == null || min.isBefore(oldest))) {
                        oldest = min;
                    }
                }
            }
            long bytes = scalar(c, "SELECT coalesce(sum(size), 0) FROM image_sources");
            return new QueueCounts(pending, processing, retry, processed, failed, oldest, bytes);
        } catch (SQLException e) {
            throw Database.failed("count images", e);
        }
    }

    @Override
    public Optional<Instant> nextDue() throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("SELECT min(CASE WHEN status = 'retry' THEN next_attempt_at "
                        + "ELSE lease_expires_at END) FROM images WHERE status IN ('retry', 'processing')");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        } catch (SQLException e) {
            throw Database.failed("read the next due time", e);
        }
    }

    @Override
    public byte[] readSource(UUID id) throws IOException {
        byte[] bytes = byId("SELECT bytes FROM image_sources WHERE id = ?", id, "read the original bytes of image",
                st -> {
                    try (ResultSet rs = st.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                    }
                });
        if (bytes == null) {
            throw new java.nio.file.NoSuchFileException("original bytes of image " + id + " (image_sources)");
        }
        return bytes;
    }

    @Override
    public boolean hasSource(UUID id) throws IOException {
        return byId("SELECT 1 FROM image_sources WHERE id = ?", id, "look up the original bytes of image", st -> {
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        });
    }

    private interface Statement<T> {
        T run(PreparedStatement st) throws SQLException;
    }

    /** One statement about one image, in autocommit, on a connection of its own. */
    private <T> T byId(String sql, UUID id, String what, Statement<T> run) throws IOException {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            return run.run(st);
        } catch (SQLException e) {
            throw Database.failed(what + " " + id, e);
        }
    }

    @Override
    public boolean isWritable() {
        try (Connection c = db.connection()) {
            return c.isValid(2) && !c.isReadOnly();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private List<ImageRecord> query(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            List<ImageRecord> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(parse(rs.getString(1)));
                }
            }
            return out;
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void save(Connection c, List<ImageRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE images SET status = ?, updated_at = ?, next_attempt_at = ?, "
                + "lease_owner = ?, lease_expires_at = ?, record = ?::jsonb WHERE id = ?")) {
            for (ImageRecord r : records) {
                st.setString(1, r.status().json());
                st.setTimestamp(2, Timestamp.from(r.updatedAt()));
                timestamp(st, 3, r.nextAttemptAt());
                st.setString(4, r.leaseOwner());
                timestamp(st, 5, r.leaseExpiresAt());
                st.setString(6, write(r));
                st.setObject(7, r.id());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private void bind(PreparedStatement st, ImageRecord r) throws SQLException {
        st.setObject(1, r.id());
        st.setString(2, r.status().json());
        st.setTimestamp(3, Timestamp.from(r.createdAt()));
        st.setTimestamp(4, Timestamp.from(r.updatedAt()));
        st.setInt(5, r.partIndex());
        timestamp(st, 6, r.nextAttemptAt());
        st.setString(7, r.leaseOwner());
        timestamp(st, 8, r.leaseExpiresAt());
        st.setString(9, r.idempotencyKey());
        st.setString(10, write(r));
    }

    private static void timestamp(PreparedStatement st, int i, Instant t) throws SQLException {
        if (t == null) {
            st.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            st.setTimestamp(i, Timestamp.from(t));
        }
    }

    /** Wakes every replica (delivered when the transaction commits; nothing is sent on rollback). */
    private static void notify(Connection c, int images) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, Integer.toString(images));
            st.executeQuery().close();
        }
    }

    private String write(ImageRecord r) {
        try {
            return json.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException("image record " + r.id() + " cannot be written as JSON", e);
        }
    }

    private ImageRecord parse(String text) throws SQLException {
        try {
            return json.readValue(text, ImageRecord.class);
        } catch (IOException e) {
            throw new SQLException("unreadable image record: " + e.getMessage(), e);
        }
    }
}
