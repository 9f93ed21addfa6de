package com.greenvue.images.processing;

import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWrapper;
import com.luciad.imageio.webp.WebPWriteParam;
import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.webp.WebpWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jboss.logging.Logger;

/**
 * Encodes resized pixels to lossy WebP, by default with libwebp in-process (webp-imageio, JNI),
 * falling back to scrimage's cwebp subprocess where the native library cannot load. Encodes
 * pixels only: never writes EXIF, XMP or ICC chunks.
 */
public final class WebpEncoder {

    /** How the WebP bytes are produced. */
    public enum Engine {
        /** libwebp through JNI in this process (com.github.usefulness:webp-imageio). */
        LIBWEBP,
        /** scrimage-webp: a PNG temp file handed to a cwebp process. */
        CWEBP
    }

    private static final Logger LOG = Logger.getLogger(WebpEncoder.class);
    private static final WebPImageWriterSpi SPI = new WebPImageWriterSpi();
    /**
     * One write param per thread, reused: webp-imageio 0.11.0's WebPEncoderOptions (made by every
     * getDefaultWriteParam) registers itself as its own Cleaner action, so it is never collected
     * and its native WebPConfig is never freed. One per image was a heap and native leak of about
     * 100 bytes per image (measured with the replicas benchmark's class histograms); one per worker
     * thread is a fixed few.
     */
    private static final ThreadLocal<WebPWriteParam> PARAM =
            ThreadLocal.withInitial(() -> new WebPWriteParam(Locale.ROOT));
    /**
     * libwebp's {@code thread_level}: 1 encodes an image's alpha plane on a second thread beside its
     * colour planes. The bytes come out the same; the corpus' 1024x768 RGBA PNG encodes in a median
     * 151 ms instead of 226 ms (35 interleaved encodes each, C1), RGB photos are unchanged (README,
     * "Issue 14, round 7").
     */
    static final int THREAD_LEVEL = 1;
    private static volatile Engine preferred;
    private static volatile boolean cwebpInstalled;

    private WebpEncoder() {
    }

    /** LIBWEBP when its native library loads on this platform, CWEBP otherwise. */
    public static Engine preferred() {
        Engine e = preferred;
        if (e == null) {
            synchronized (WebpEncoder.class) {
                e = preferred;
                if (e == null) {
                    try {
                        WebPWrapper.loadNativeLibrary();
                        e = Engine.LIBWEBP;
                    } catch (Throwable t) {
                        LOG.warnf("libwebp (JNI) unavailable, encoding with the cwebp subprocess: %s", t.toString());
                        e = Engine.CWEBP;
                    }
                    preferred = e;
                }
            }
        }
        return e;
    }

    /** Lossy WebP at {@code quality} (0-100) and {@code method} (0 fast - 6 small); alpha kept if present. */
    public static byte[] encode(Pixels pixels, int quality, int method, Engine engine) throws IOException {
        Pixels p = pixels.toRgbOrRgba();
        return engine == Engine.LIBWEBP ? libwebp(p, quality, method, THREAD_LEVEL) : cwebp(p, quality, method);
    }

    /** libwebp at {@code threadLevel} (0: one thread; see {@link #THREAD_LEVEL}); {@code p} is RGB or RGBA. */
    static byte[] libwebp(Pixels p, int quality, int method, int threadLevel) throws IOException {
        ImageWriter writer = SPI.createWriterInstance(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.width() * p.height() / 8 + 1024);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            WebPWriteParam param = writeParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("Lossy");
            param.setCompressionQuality(quality / 100f);
            param.setMethod(method);
            param.setThreadLevel(threadLevel);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(p.toBufferedImage(), null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** This thread's reusable write param (see {@link #PARAM}). */
    static WebPWriteParam writeParam() {
        return PARAM.get();
    }

    private static byte[] cwebp(Pixels p, int quality, int method) throws IOException {
        if (!cwebpInstalled) {
            NativeLibraries.installCwebp(); // before scrimage's first use, or it unpacks its own copy into /tmp
            cwebpInstalled = true;
        }
        return ImmutableImage.fromAwt(p.toBufferedImage()).bytes(WebpWriter.DEFAULT.withQ(quality).withM(method));
    }
}
