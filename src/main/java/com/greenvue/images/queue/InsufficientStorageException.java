package com.greenvue.images.queue;

import com.greenvue.images.api.ApiException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The data volume has no room for an upload (ENOSPC, or a quota): 507 with Retry-After, so the
 * client keeps its photos and tries again, unlike a 4xx that says the request was at fault.
 * Thrown from the queue's intake and mapped from the multipart reader's temp-file write failures (upload/MultipartReader).
 */
public class InsufficientStorageException extends ApiException {

    public static final String CODE = "insufficient_storage";

    public InsufficientStorageException(int retryAfterSeconds) {
        super(507, CODE, "The service has no disk space left for this upload right now; nothing from this request "
                + "was kept. Retry later (see Retry-After).", null, Math.max(1, retryAfterSeconds));
    }

    /** Whether {@code e} or a cause of it is the file system saying it is full (ENOSPC) or over quota (EDQUOT). */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }
}
