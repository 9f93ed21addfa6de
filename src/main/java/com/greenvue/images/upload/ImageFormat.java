package com.greenvue.images.upload;

/** The input formats we accept, recognised by their bytes only. */
public enum ImageFormat {
    JPEG, PNG, WEBP, GIF, BMP;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
