package com.greenvue.images.processing;

/** The WebP that goes to storage, with its dimensions. */
public record ProcessedImage(byte[] webp, int width, int height) {
}
