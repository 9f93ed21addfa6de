package com.greenvue.images.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.greenvue.images.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The job registry in PostgreSQL (table {@code jobs}), the truth for every replica with the
 * postgres backend. Each change bumps the row's {@code version} and is announced on
 * {@link #CHANNEL}, so the other replicas reschedule at once; {@link #claimTick} lets exactly one
 * replica run each scheduled tick.
 */
@ApplicationScoped
public class PostgresJobStore {

    public static final String CHANNEL = "greenvue_jobs";

    private final Database db;
    private final ObjectMapper json;

    @Inject
    PostgresJobStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** One job row: what GET /api/jobs shows (less the next fire time, which is each replica's own) and its version. */
    public record Row(JobView view, long version) {
    }

    /** Every job, or empty when the registry was never set up in this database (first start: create the default job). */
    public Optional<List<Row>> load() throws IOException {
        try (Connection c = db.connection()) {
            boolean seeded;
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM registry_state"); ResultSet rs = st.executeQuery()) {
                seeded = rs.next();
            }
            if (!seeded) {
                return Optional.empty();
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, definition, paused, created_at, updated_at, version, "
                    + "last_run_at, run_count, last_run, last_tick FROM jobs ORDER BY id"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return Optional.of(rows);
        } catch (SQLException e) {
            throw Database.failed("read the job registry", e);
        }
    }

    /** The current version of one job, empty when it is gone. */
    public Optional<Long> version(String id) throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("SELECT version FROM jobs WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.failed("read job " + id, e);
        }
    }

    /**
     * Creates or replaces a job's definition and state (keeping its run counters when it exists),
     * marks the registry as set up, and announces the change. Returns the new version.
     */
    public long put(JobView v) throws IOException {
        return db.inTransaction("save job " + v.id(), c -> {
            long version;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO jobs (id, definition, paused, created_at, "
                    + "updated_at, version) VALUES (?, ?::jsonb, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET "
                    + "definition = excluded.definition, paused = excluded.paused, updated_at = excluded.updated_at, "
                    + "version = jobs.version + 1 RETURNING version")) {
                st.setString(1, v.id());
                st.setString(2, json.writeValueAsString(v.definition()));
                st.setBoolean(3, "paused".equals(v.state()));
                st.setTimestamp(4, Timestamp.from(v.createdAt()));
                st.setTimestamp(5, Timestamp.from(v.updatedAt()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
            }
            seed(c);
            announce(c, v.id());
            return version;
        });
    }

    /** Sets a job paused or active; returns the new version, empty when the job is gone. */
    public Optional<Long> setPaused(String id, boolean paused, Instant at) throws IOException {
        return change(id, "UPDATE jobs SET paused = ?, updated_at = ?, version = version + 1 WHERE id = ? RETURNING version",
                st -> {
                    st.setBoolean(1, paused);
                    st.setTimestamp(2, Timestamp.from(at));
                    st.setString(3, id);
                });
    }

    /** Deletes a job; false when it was already gone. */
    public boolean delete(String id) throws IOException {
        return change(id, "DELETE FROM jobs WHERE id = ? RETURNING version", st -> st.setString(1, id)).isPresent();
    }

    /** Adds one run to the job's counters: it is the last tick; the last run only when it did work or failed. */
    public void recordRun(String id, JobView.LastRun run, boolean replaceLastRun) throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("UPDATE jobs SET run_count = run_count + 1, last_run_at = ?, "
                        + "last_tick = ?::jsonb, last_run = CASE WHEN ? THEN ?::jsonb ELSE last_run END WHERE id = ?")) {
            String text = json.writeValueAsString(run);
            st.setTimestamp(1, Timestamp.from(run.startedAt()));
            st.setString(2, text);
            st.setBoolean(3, replaceLastRun);
            st.setString(4, text);
            st.setString(5, id);
            st.executeUpdate();
        } catch (SQLException e) {
            throw Database.failed("record a run of job " + id, e);
        }
    }

    /**
     * Takes the scheduled tick {@code slot} (start time divided by the interval) of a job at
     * {@code version} for this replica: true for exactly one replica per slot, false when another
     * took it or the job changed, was paused or deleted meanwhile.
     */
    public boolean claimTick(String id, long version, long slot) throws IOException {
        try (Connection c = db.connection();
                PreparedStatement st = c.prepareStatement("UPDATE jobs SET tick_slot = ? WHERE id = ? AND version = ? "
                        + "AND NOT paused AND tick_slot < ?")) {
            st.setLong(1, slot);
            st.setString(2, id);
            st.setLong(3, version);
            st.setLong(4, slot);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Database.failed("claim a tick of job " + id, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private Optional<Long> change(String id, String sql, Binder binder) throws IOException {
        return db.inTransaction("change job " + id, c -> {
            Optional<Long> version;
            try (PreparedStatement st = c.prepareStatement(sql)) {
                binder.bind(st);
                try (ResultSet rs = st.executeQuery()) {
                    version = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
            announce(c, id);
            return version;
        });
    }

    private static void seed(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO registry_state (seeded_at) VALUES (now()) "
                + "ON CONFLICT DO NOTHING")) {
            st.executeUpdate();
        }
    }

    private static void announce(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, id);
            st.executeQuery().close();
        }
    }

    private Row row(ResultSet rs) throws SQLException {
        try {
            JobDefinition d = json.readValue(rs.getString("definition"), JobDefinition.class);
            String lastRun = rs.getString("last_run");
            Timestamp lastRunAt = rs.getTimestamp("last_run_at");
            JobView v = new JobView(d.id(), d.name(), d.description(), d.type(), d.interval(),
                    d.payload() == null ? json.createObjectNode() : (ObjectNode) d.payload(),
                    rs.getBoolean("paused") ? "paused" : "active", rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant(), lastRunAt == null ? null : lastRunAt.toInstant(), null,
                    rs.getLong("run_count"), lastRun == null ? null : json.readValue(lastRun, JobView.LastRun.class),
                    rs.getString("last_tick") == null ? null : json.readValue(rs.getString("last_tick"), JobView.LastRun.class));
            return new Row(v, rs.getLong("version"));
        } catch (IOException e) {
            throw new SQLException("job " + rs.getString("id") + " is unreadable: " + e.getMessage(), e);
        }
    }
}
