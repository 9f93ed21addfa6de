-- GreenVue Images, postgres backend (greenvue.queue.backend=postgres): the image queue, the spool
-- and the job registry, shared by every replica. Flyway applies this at start (quarkus.flyway.migrate-at-start).

-- One row per accepted image. The columns are what claims, leases, limits, retention and paging
-- query; "record" is the whole record as the API shows it (attempts and claims included).
CREATE TABLE images (
    id               uuid        PRIMARY KEY,
    status           text        NOT NULL CHECK (status IN ('pending', 'processing', 'processed', 'retry', 'failed')),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    part_index       integer     NOT NULL,
    next_attempt_at  timestamptz,
    lease_owner      text,
    lease_expires_at timestamptz,
    idempotency_key  text,
    record           jsonb       NOT NULL
);
-- claims: ready images oldest first (FOR UPDATE SKIP LOCKED walks this index)
CREATE INDEX images_ready ON images (created_at, part_index) WHERE status IN ('pending', 'retry');
-- lease recovery and the next due time
CREATE INDEX images_leased ON images (lease_expires_at) WHERE status = 'processing';
-- counts, paging by status, retention
CREATE INDEX images_status ON images (status, created_at);
CREATE INDEX images_finished ON images (status, updated_at) WHERE status IN ('processed', 'failed');
-- Idempotency-Key replays
CREATE INDEX images_idempotency ON images (idempotency_key, created_at) WHERE idempotency_key IS NOT NULL;

-- The original bytes of an image until its WebP is published (kept for failed images, for requeue).
-- Any replica can process an image another replica accepted. STORAGE EXTERNAL: JPEG, PNG and WebP
-- do not compress, so PostgreSQL should not try.
CREATE TABLE image_sources (
    id    uuid   PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
    size  bigint NOT NULL,
    bytes bytea  NOT NULL
);
ALTER TABLE image_sources ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- The job registry. "version" grows on every change of definition or state, so a replica sees
-- what changed since it last looked; "tick_slot" is the last interval slot a replica ran the
-- scheduled tick for, so one tick runs on one replica.
CREATE TABLE jobs (
    id          text        PRIMARY KEY,
    definition  jsonb       NOT NULL,
    paused      boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    last_run_at timestamptz,
    run_count   bigint      NOT NULL DEFAULT 0,
    last_run    jsonb,
    last_tick   jsonb,
    tick_slot   bigint      NOT NULL DEFAULT -1
);
-- Whether the job registry was set up: a fresh database gets the default job once; one where an
-- operator deleted every job does not get it back at the next start of a replica.
CREATE TABLE registry_state (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seeded_at   timestamptz NOT NULL
);
