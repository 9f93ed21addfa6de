package com.greenvue.images.queue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the service knows about one uploaded image. Only the queue changes a record, through its
 * backend's atomic update; everybody else reads {@link #copy()}s. Never holds image bytes or pixels:
 * those stay in the spool on disk.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.ALWAYS)
public final class ImageRecord {

    private UUID id;
    private String url;
    private String fileName;
    private ImageStatus status;
    private int retries;
    private String error;
    private Instant createdAt;
    private Instant updatedAt;
    private String listingTitle;
    private String format;
    private long originalBytes;
    private int width;
    private int height;
    private String partName;
    private int partIndex;
    private Instant nextAttemptAt;
    private String leaseOwner;
    private Instant leaseExpiresAt;
    private Instant processedAt;
    private Long outputBytes;
    private String requestId;
    private String idempotencyKey;
    /** SHA-256 of what a request with an Idempotency-Key carried (title, parts, their bytes' CRC32C): a replay must match it. */
    private String requestFingerprint;
    private List<Attempt> attempts = new ArrayList<>();
    /** Every lease this image was given, with how it ended: who worked on it when (admin view only). */
    private List<Claim> claims = new ArrayList<>();

    ImageRecord() {
        // for Jackson
    }

    /** What an upload fixes once: the parts of a record no status change touches. */
    private ImageRecord(UUID id, String fileName, String url, String listingTitle, String format, long originalBytes,
            int width, int height, String partName, int partIndex, String requestId) {
        this.id = id;
        this.fileName = fileName;
        this.url = url;
        this.listingTitle = listingTitle;
        this.format = format;
        this.originalBytes = originalBytes;
        this.width = width;
        this.height = height;
        this.partName = partName;
        this.partIndex = partIndex;
        this.requestId = requestId;
    }

    public static ImageRecord pending(UUID id, String fileName, String url, String listingTitle, String format,
            long originalBytes, int width, int height, String partName, int partIndex, String requestId, Instant now) {
        ImageRecord r = new ImageRecord(id, fileName, url, listingTitle, format, originalBytes, width, height, partName,
                partIndex, requestId);
        r.status = ImageStatus.PENDING;
        r.createdAt = now;
        r.updatedAt = now;
        return r;
    }

    public ImageRecord copy() {
        ImageRecord r = new ImageRecord(id, fileName, url, listingTitle, format, originalBytes, width, height, partName,
                partIndex, requestId);
        r.status = status;
        r.retries = retries;
        r.error = error;
        r.createdAt = createdAt;
        r.updatedAt = updatedAt;
        r.nextAttemptAt = nextAttemptAt;
        r.leaseOwner = leaseOwner;
        r.leaseExpiresAt = leaseExpiresAt;
        r.processedAt = processedAt;
        r.outputBytes = outputBytes;
        r.idempotencyKey = idempotencyKey;
        r.requestFingerprint = requestFingerprint;
        r.attempts = new ArrayList<>(attempts);
        r.claims = new ArrayList<>(claims);
        return r;
    }

    /** Ready for a worker now: pending, or retry whose backoff has passed. */
    @JsonIgnore
    boolean isReady(Instant now) {
        return status == ImageStatus.PENDING
                || (status == ImageStatus.RETRY && (nextAttemptAt == null || !nextAttemptAt.isAfter(now)));
    }

    void claim(String owner, Instant leaseUntil, Instant now) {
        claims.add(new Claim(owner, now, leaseUntil, null, null));
        status = ImageStatus.PROCESSING;
        leaseOwner = owner;
        leaseExpiresAt = leaseUntil;
        updatedAt = now;
    }

    void processed(long bytes, Instant now) {
        endClaim("processed", now);
        status = ImageStatus.PROCESSED;
        outputBytes = bytes;
        processedAt = now;
        error = null;
        nextAttemptAt = null;
        clearLease();
        updatedAt = now;
    }

    void failedAttempt(String message, boolean permanent, int maxAttempts, Instant nextAttempt, Instant now) {
        endClaim(permanent ? "failed" : "attempt_failed", now);
        error = message;
        clearLease();
        updatedAt = now;
        if (!permanent) {
            retries++;
        }
        if (permanent || retries >= maxAttempts) {
            status = ImageStatus.FAILED;
            nextAttemptAt = null;
        } else {
            status = ImageStatus.RETRY;
            nextAttemptAt = nextAttempt;
        }
        attempts.add(new Attempt(now, message, permanent, nextAttemptAt));
    }

    /** The holder's lease ran out without an outcome: counts as a failed attempt, retried at once. */
    void leaseExpired(String message, int maxAttempts, Instant now) {
        endClaim("expired", now);
        failedAttempt(message, false, maxAttempts, now, now);
    }

    /** Back in line without counting an attempt (restart, shutdown, operator requeue). */
    void requeue(boolean resetRetries, Instant now) {
        endClaim("released", now);
        status = ImageStatus.PENDING;
        if (resetRetries) {
            retries = 0;
        }
        nextAttemptAt = null;
        clearLease();
        updatedAt = now;
    }

    /** Closes the open claim, if the image is held (a lease that expired ends as "attempt_failed" with its attempt). */
    private void endClaim(String outcome, Instant now) {
        if (status != ImageStatus.PROCESSING || claims.isEmpty()) {
            return;
        }
        Claim last = claims.get(claims.size() - 1);
        if (last.endedAt() == null) {
            claims.set(claims.size() - 1, new Claim(last.owner(), last.claimedAt(), last.leaseUntil(), now, outcome));
        }
    }

    private void clearLease() {
        leaseOwner = null;
        leaseExpiresAt = null;
    }

    public UUID id() { return id; }
    public String url() { return url; }
    public String fileName() { return fileName; }
    public ImageStatus status() { return status; }
    public int retries() { return retries; }
    public String error() { return error; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public String listingTitle() { return listingTitle; }
    public String format() { return format; }
    public long originalBytes() { return originalBytes; }
    public int width() { return width; }
    public int height() { return height; }
    public String partName() { return partName; }
    public int partIndex() { return partIndex; }
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public String leaseOwner() { return leaseOwner; }
    public Instant leaseExpiresAt() { return leaseExpiresAt; }
    public Instant processedAt() { return processedAt; }
    public Long outputBytes() { return outputBytes; }
    public String requestId() { return requestId; }
    public String idempotencyKey() { return idempotencyKey; }

    void idempotencyKey(String key) {
        this.idempotencyKey = key;
    }

    public String requestFingerprint() { return requestFingerprint; }

    void requestFingerprint(String fingerprint) {
        this.requestFingerprint = fingerprint;
    }
    public List<Attempt> attempts() { return List.copyOf(attempts); }
    public List<Claim> claims() { return List.copyOf(claims); }
}
