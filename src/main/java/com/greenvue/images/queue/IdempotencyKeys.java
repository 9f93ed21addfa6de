package com.greenvue.images.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The file backend's memory of Idempotency-Keys: per key, the ids of the first request with it and
 * when it came. Forgotten once past the idempotency window (on every intake), so it grows with the
 * window, not with history; the records themselves are read from the store on a replay. Not
 * thread-safe: the backend's lock guards it.
 */
final class IdempotencyKeys {

    private record Keyed(Instant createdAt, List<UUID> ids) {
    }

    private final Map<String, Keyed> keys = new HashMap<>();

    /** Forgets every key first seen at or before {@code since}. */
    void forgetUntil(Instant since) {
        keys.values().removeIf(k -> !k.createdAt().isAfter(since));
    }

    /** The images of the first request with {@code key}, empty when the key is not remembered. */
    List<UUID> idsOf(String key) {
        Keyed k = keys.get(key);
        return k == null ? List.of() : k.ids();
    }

    /** Remembers that {@code r}, saved with its request's key, belongs to that request. */
    void remember(ImageRecord r) {
        Keyed k = keys.get(r.idempotencyKey());
        List<UUID> ids = new ArrayList<>(k == null ? List.of() : k.ids());
        ids.add(r.id());
        Instant created = k == null || r.createdAt().isBefore(k.createdAt()) ? r.createdAt() : k.createdAt();
        keys.put(r.idempotencyKey(), new Keyed(created, ids));
    }
}
