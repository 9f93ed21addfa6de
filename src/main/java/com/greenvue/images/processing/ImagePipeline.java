package com.greenvue.images.processing;

import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.ScaleMethod;
import com.sksamuel.scrimage.webp.WebpWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * decode → apply EXIF orientation → resize to at most {@code max-height} → encode WebP. Pure
 * and thread-safe: no state between images, decoded pixels never outlive one call, and no
 * metadata (EXIF, GPS, XMP) is carried into the output, which is encoded from pixels only.
 */
@ApplicationScoped
public class ImagePipeline {

    /** WebP cannot encode a side longer than this. */
    static final int WEBP_MAX_SIDE = 16383;

    @Inject
    ProcessingConfig config;

    public ProcessedImage process(byte[] source) throws PermanentProcessingException, IOException {
        ImmutableImage image = decode(source);
        int[] size = targetSize(image.width, image.height, config.maxHeight());
        if (size[0] != image.width || size[1] != image.height) {
            image = image.scaleTo(size[0], size[1], ScaleMethod.Progressive);
        }
        WebpWriter writer = WebpWriter.DEFAULT.withQ(config.webpQuality()).withM(config.webpMethod());
        byte[] webp = image.bytes(writer);
        return new ProcessedImage(webp, image.width, image.height);
    }

    private static ImmutableImage decode(byte[] source) throws PermanentProcessingException {
        try {
            return ImmutableImage.loader().detectOrientation(true).fromBytes(source);
        } catch (IOException | RuntimeException e) {
            throw new PermanentProcessingException("image could not be decoded: " + describe(e), e);
        }
    }

    /**
     * Width and height after fitting into {@code maxHeight} (and WebP's side limit), aspect
     * kept, never enlarged, never below one pixel.
     */
    static int[] targetSize(int width, int height, int maxHeight) {
        double scale = Math.min(1.0, Math.min((double) maxHeight / height,
                Math.min((double) WEBP_MAX_SIDE / width, (double) WEBP_MAX_SIDE / height)));
        if (scale >= 1.0) {
            return new int[] {width, height};
        }
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        return new int[] {w, h};
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
