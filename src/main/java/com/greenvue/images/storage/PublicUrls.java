package com.greenvue.images.storage;

/** Supabase's public object URL shape, shared by both backends so URLs look the same everywhere. */
final class PublicUrls {

    private PublicUrls() {
    }

    static String objectUrl(String base, String bucket, String fileName) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed + "/storage/v1/object/public/" + bucket + "/" + fileName;
    }
}
