package com.greenvue.images.upload;

/** What the request path learns from an image without decoding a pixel. */
public record ImageHeader(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }
}
