package com.greenvue.images.jobs;

import com.greenvue.images.db.Database;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.greenvue.images.postgres.PostgresSchema;
import com.greenvue.images.postgres.RequiresPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared job registry's rules, against the real server: one replica per tick, versions, run counters. */
@RequiresPostgres
class PostgresJobStoreTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @RegisterExtension
    final PostgresSchema.PerTest schema = new PostgresSchema.PerTest();
    private PostgresJobStore store;

    @BeforeEach
    void setUp() {
        store = new PostgresJobStore(Database.of(PostgresSchema.migrated(schema.name())), JSON);
    }

    static JobView job(String state) {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        return new JobView("j1", "Job", "d", "process_images", "10s", JSON.createObjectNode().put("batch_size", 10),
                state, t, t, null, null, 0, null, null);
    }

    @Test
    void aFreshDatabaseIsNotSetUpUntilTheFirstJobIsSaved() throws Exception {
        assertEquals(Optional.empty(), store.load());
        store.put(job("active"));
        assertEquals(1, store.load().orElseThrow().size());
        assertTrue(store.delete("j1"));
        assertEquals(Optional.of(List.of()), store.load(), "set up, now empty: no default job comes back");
    }

    @Test
    void eachScheduledTickIsTakenByOneReplicaOnly() throws Exception {
        long v = store.put(job("active"));
        assertTrue(store.claimTick("j1", v, 100), "replica A takes slot 100");
        assertFalse(store.claimTick("j1", v, 100), "replica B finds slot 100 taken");
        assertFalse(store.claimTick("j1", v, 99), "an older slot is never run late");
        assertTrue(store.claimTick("j1", v, 101));
    }

    @Test
    void aChangedPausedOrDeletedJobTakesNoTickOfTheOldVersion() throws Exception {
        long v1 = store.put(job("active"));
        long v2 = store.put(job("active"));
        assertEquals(v1 + 1, v2, "every change bumps the version");
        assertFalse(store.claimTick("j1", v1, 5), "a replica still on the old definition does not run it");
        long v3 = store.setPaused("j1", true, Instant.now()).orElseThrow();
        assertFalse(store.claimTick("j1", v3, 6), "paused");
        long v4 = store.setPaused("j1", false, Instant.now()).orElseThrow();
        assertTrue(store.claimTick("j1", v4, 7));
        store.delete("j1");
        assertFalse(store.claimTick("j1", v4, 8), "deleted");
        assertEquals(Optional.empty(), store.version("j1"));
    }

    @Test
    void runsOfEveryReplicaCountAndIdleOnesMoveOnlyTheLastTick() throws Exception {
        store.put(job("active"));
        Instant t = Instant.parse("2026-12-01T00:00:10Z");
        store.recordRun("j1", new JobView.LastRun(t, 5, 2, 0, 0, null, "wakeup"), true);
        store.recordRun("j1", new JobView.LastRun(t.plusSeconds(10), 1, 0, 0, 0, null, "schedule"), false);
        JobView v = store.load().orElseThrow().get(0).view();
        assertEquals(2, v.runCount());
        assertEquals(2, v.lastRun().processed());
        assertEquals("schedule", v.lastTick().trigger());
        assertEquals(t.plusSeconds(10), v.lastRunAt());
        // a put (replace) keeps the counters
        store.put(job("active"));
        assertEquals(2, store.load().orElseThrow().get(0).view().runCount());
    }
}
