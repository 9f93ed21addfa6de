package com.greenvue.images.processing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The images {@link PipelineWarmup} runs through the pipeline, shipped in the jar
 * ({@code warmup/}): a baseline and a progressive JPEG and a PNG with alpha, 640x480, with
 * gradients, shapes and grain so the codecs do real work. Made once by the test class
 * {@code WarmupImagesGenerator}; reading them costs about a millisecond, generating them at
 * each start cost ~155 ms of CPU beside the framework's start.
 */
public final class WarmupImages {

    /** Baseline JPEG, progressive JPEG, PNG with alpha: the decode paths real photos take most. */
    public static final List<String> NAMES = List.of("baseline.jpg", "progressive.jpg", "alpha.png");

    private WarmupImages() {
    }

    /** The images, in the order of {@link #NAMES}. */
    public static List<byte[]> all() throws IOException {
        List<byte[]> images = new ArrayList<>(NAMES.size());
        for (String name : NAMES) {
            images.add(read(name));
        }
        return List.copyOf(images);
    }

    /** One of the images, by its name in {@link #NAMES}. */
    public static byte[] read(String name) throws IOException {
        try (InputStream in = WarmupImages.class.getResourceAsStream("/warmup/" + name)) {
            if (in == null) {
                throw new IOException("warm-up image warmup/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
