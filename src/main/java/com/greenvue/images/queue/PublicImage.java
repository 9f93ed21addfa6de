package com.greenvue.images.queue;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What anyone holding an image id may read: where it stands and where it will be served. Never
 * the operator's details (lease owner, request id, idempotency key, part name, listing title,
 * attempts); those are in {@link ImageRecord}, for the admin token only.
 */
@Schema(name = "PublicImage", description = "GET /api/images/{id} without the admin token")
public record PublicImage(
        UUID id,
        @Schema(description = "The final public URL; answers 200 with the WebP once processed") String url,
        String file_name,
        @Schema(enumeration = {"pending", "processing", "processed", "retry", "failed"}) ImageStatus status,
        @Schema(description = "Why the last attempt failed, for a person; null while none failed") String error,
        @Schema(description = "Failed attempts so far") int retries,
        Instant created_at,
        Instant updated_at,
        @Schema(description = "When the WebP was published; null until processed") Instant processed_at,
        @Schema(description = "When a retry is due; null unless status is retry") Instant next_attempt_at) {

    public static PublicImage of(ImageRecord r) {
        return new PublicImage(r.id(), r.url(), r.fileName(), r.status(), r.error(), r.retries(), r.createdAt(),
                r.updatedAt(), r.processedAt(), r.nextAttemptAt());
    }
}
