package com.greenvue.images.processing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.color.ICC_Profile;
import java.io.IOException;

/**
 * decode (shrink-on-load for JPEG, in libjpeg-turbo where it loads) → resize to at most {@code max-height} → apply EXIF orientation
 * → convert an embedded RGB ICC profile to sRGB → encode WebP. Pure and thread-safe: no state between images, decoded pixels never outlive one
 * call, and no metadata (EXIF, GPS, XMP) is carried into the output, which is encoded from pixels only.
 */
@ApplicationScoped
public class ImagePipeline {

    /** WebP cannot encode a side longer than this. */
    static final int WEBP_MAX_SIDE = 16383;

    private final int maxHeight;
    private final int quality;
    private final int method;
    private final long maxPixels;
    private final WebpEncoder.Engine engine;
    private final boolean nativeJpeg;

    @Inject
    public ImagePipeline(ProcessingConfig config) {
        this(config.maxHeight(), config.webpQuality(), config.webpMethod(), config.maxPixels(), WebpEncoder.preferred(),
                config.nativeJpeg());
    }

    /** For the benchmark and tests: explicit settings and WebP engine, JPEGs decoded by libjpeg-turbo where it loads. */
    public ImagePipeline(int maxHeight, int quality, int method, long maxPixels, WebpEncoder.Engine engine) {
        this(maxHeight, quality, method, maxPixels, engine, true);
    }

    /** For the benchmark and tests: explicit settings, WebP engine and JPEG decoder ({@code nativeJpeg} false: ImageIO only). */
    public ImagePipeline(int maxHeight, int quality, int method, long maxPixels, WebpEncoder.Engine engine,
            boolean nativeJpeg) {
        this.maxHeight = maxHeight;
        this.quality = quality;
        this.method = method;
        this.maxPixels = maxPixels;
        this.engine = engine;
        this.nativeJpeg = nativeJpeg;
    }

    public ProcessedImage process(byte[] source) throws PermanentProcessingException, IOException {
        return process(source, new StageTimes());
    }

    /** As {@link #process(byte[])}, recording per-stage times into {@code times}. */
    public ProcessedImage process(byte[] source, StageTimes times) throws PermanentProcessingException, IOException {
        long t0 = System.nanoTime();
        Pixels pixels;
        int orientation;
        ICC_Profile profile;
        int tw, th;
        try (Decoder decoder = Decoder.open(source)) {
            int w = decoder.width(), h = decoder.height();
            if ((long) w * h > maxPixels) {
                throw new PermanentProcessingException("image has " + (long) w * h + " pixels, more than " + maxPixels,
                        null);
            }
            orientation = decoder.orientation();
            profile = decoder.profile();
            boolean swap = Orientation.swapsAxes(orientation);
            // the size rule applies to the image as displayed; resize happens before rotating
            int[] shown = targetSize(swap ? h : w, swap ? w : h, maxHeight);
            tw = swap ? shown[1] : shown[0];
            th = swap ? shown[0] : shown[1];
            int subsampling = decoder.isJpeg() ? Decoder.subsamplingFor(w, h, tw, th) : 1;
            times.subsampling = subsampling;
            pixels = decoder.read(subsampling, nativeJpeg);
            times.decoder = decoder.decodedBy();
        }
        long t1 = System.nanoTime();
        pixels = Resizer.resize(pixels, tw, th);
        pixels = Orientation.apply(pixels, orientation);
        pixels = IccProfiles.toSrgb(pixels, profile); // on the small image: a few hundred kilopixels
        long t2 = System.nanoTime();
        byte[] webp = WebpEncoder.encode(pixels, quality, method, engine);
        long t3 = System.nanoTime();
        times.decodeNanos = t1 - t0;
        times.resizeNanos = t2 - t1;
        times.encodeNanos = t3 - t2;
        return new ProcessedImage(webp, pixels.width(), pixels.height());
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
}
