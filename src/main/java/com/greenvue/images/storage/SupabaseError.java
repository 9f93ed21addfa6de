package com.greenvue.images.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * One non-2xx answer of the Storage API, read the way the storage server writes it: most errors
 * come as HTTP 400 with the real status as a string in the body ({@code {"statusCode":"404",
 * "code":"NoSuchBucket",...}}), while 429, 5xx and 544 come as real statuses. The body wins over
 * the HTTP status. Turns the answer into our retry policy; never quotes request headers.
 */
record SupabaseError(int httpStatus, int status, String code, String error, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Codes that say "try again later" whatever status they come with. */
    private static final Set<String> TRANSIENT_CODES = Set.of("DatabaseTimeout", "DatabaseConnectionLimit",
            "SlowDown", "LockTimeout", "InternalError");
    private static final Set<String> KEY_CODES = Set.of("AccessDenied", "InvalidJWT", "InvalidSignature",
            "ExpiredToken", "SignatureDoesNotMatch", "InvalidAccessKeyId");
    private static final Set<String> EXISTS_CODES = Set.of("KeyAlreadyExists", "ResourceAlreadyExists",
            "BucketAlreadyExists");

    /** Reads an error answer; a body that is not the storage server's JSON leaves the HTTP status in charge. */
    static SupabaseError parse(int httpStatus, String body) {
        JsonNode json = null;
        if (body != null && !body.isBlank()) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = null;
            }
        }
        if (json == null || !json.isObject()) {
            return new SupabaseError(httpStatus, httpStatus, null, null, shorten(body));
        }
        int status = httpStatus;
        JsonNode statusCode = json.get("statusCode");
        if (statusCode != null && !statusCode.isNull()) {
            try {
                status = Integer.parseInt(statusCode.asText().trim());
            } catch (NumberFormatException e) {
                status = httpStatus;
            }
        }
        return new SupabaseError(httpStatus, status, text(json, "code"), text(json, "error"),
                shorten(text(json, "message")));
    }

    boolean isTransient() {
        return (code != null && TRANSIENT_CODES.contains(code))
                || status == 408 || status == 429 || status >= 500;
    }

    /** The object or bucket is already there: what a non-upsert create answers on a repeat. */
    boolean alreadyExists() {
        return status == 409 && (code == null || EXISTS_CODES.contains(code) || "Duplicate".equals(error));
    }

    boolean bucketMissing() {
        return "NoSuchBucket".equals(code) || (status == 404 && code == null && error != null
                && error.toLowerCase().contains("bucket"));
    }

    /** Our exception for this answer to {@code action} (for example "upload of 'x.webp'"), naming the likely cause. */
    StorageException toException(String action, String bucket) {
        String what = "Supabase Storage answered " + action + " with " + describe();
        if (isTransient()) {
            return new TransientStorageException(what + " (temporary: worth retrying)");
        }
        String cause;
        if (status == 401 || status == 403 || (code != null && KEY_CODES.contains(code))) {
            cause = "the service key was refused: check that " + SupabaseSettings.KEY_ENV
                    + " is this project's service_role key (not the anon key)";
        } else if (bucketMissing()) {
            cause = "bucket '" + bucket + "' does not exist: create it as a public bucket, or set "
                    + "greenvue.storage.supabase.create-bucket-if-missing=true";
        } else if (status == 413 || "EntityTooLarge".equals(code)) {
            cause = "the image is larger than bucket '" + bucket + "' allows: raise the bucket's file size limit";
        } else if (status == 415 || "InvalidMimeType".equals(code)) {
            cause = "bucket '" + bucket + "' does not accept image/webp: add it to the bucket's allowed MIME types";
        } else if (status == 404) {
            cause = "not found: check greenvue.storage.supabase.api-url (the storage API base, usually "
                    + "<project>/storage/v1)";
        } else {
            cause = "the request was rejected and retrying will not help";
        }
        return new PermanentStorageException(what + " - " + cause);
    }

    private String describe() {
        StringBuilder b = new StringBuilder("HTTP ").append(httpStatus);
        if (status != httpStatus || code != null) {
            b.append(" (statusCode ").append(status);
            if (code != null) {
                b.append(' ').append(code);
            }
            b.append(')');
        }
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message);
        } else if (error != null && !error.isBlank()) {
            b.append(": ").append(error);
        }
        return b.toString();
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String shorten(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
