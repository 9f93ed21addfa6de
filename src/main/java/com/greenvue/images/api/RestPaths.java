package com.greenvue.images.api;

/**
 * Request paths as the REST layer matches them, for route handlers that must guard exactly what
 * reaches a resource: Vert.x routes see ";matrix" parameters and repeated slashes, the REST layer
 * drops and collapses them (so /api/upload;x=1/listing_image is the upload).
 */
public final class RestPaths {

    private RestPaths() {
    }

    /** {@code normalizedPath} (Vert.x's) without ";matrix" parameters and with repeated slashes collapsed; "" for null. */
    public static String matched(String normalizedPath) {
        if (normalizedPath == null) {
            return "";
        }
        if (normalizedPath.indexOf(';') < 0 && !normalizedPath.contains("//")) {
            return normalizedPath; // the common case, on every request: no regex work
        }
        return normalizedPath.replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
    }

    /** Whether the matched path is {@code prefix} itself or below it ({@code prefix} without a trailing slash). */
    public static boolean isAtOrBelow(String normalizedPath, String prefix) {
        String p = matched(normalizedPath);
        return p.equals(prefix) || p.startsWith(prefix + "/");
    }
}
