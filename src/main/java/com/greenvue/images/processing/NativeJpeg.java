package com.greenvue.images.processing;

import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.readHeaderMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.jboss.logging.Logger;

/**
 * JPEG decoding in libjpeg-turbo (SIMD, and DCT-domain scaling by 1/2, 1/4 or 1/8, so a 12 MP
 * photo is never decoded at full size), reached through Leptonica's JavaCPP binding
 * ({@code org.bytedeco:leptonica}, whose native library has libjpeg-turbo 3 built in). About
 * 2.5 times faster than the JDK's decoder on baseline photos, and 4 times on progressive ones,
 * which the JDK runs through a full inverse DCT once per scan.
 *
 * <p>Only YCbCr/RGB and gray JPEGs come here; CMYK/YCCK and anything libjpeg-turbo reports a
 * warning for (a truncated or damaged stream) answer null, and the caller decodes them with
 * ImageIO, whose verdict on damaged data stays the one the pipeline gives. Where the native
 * library cannot load (another platform, a native image), {@link #available()} is false once,
 * with one warning in the log, and ImageIO decodes every JPEG.
 */
final class NativeJpeg {

    private static final Logger LOG = Logger.getLogger(NativeJpeg.class);
    private static volatile Boolean available;

    private NativeJpeg() {
    }

    /** True when libjpeg-turbo is loaded; tried once, on first use. */
    static boolean available() {
        Boolean a = available;
        if (a == null) {
            synchronized (NativeJpeg.class) {
                a = available;
                if (a == null) {
                    try {
                        Loader.load(leptonica.class);
                        setMsgSeverity(L_SEVERITY_NONE); // failures are answered as null, not printed to stderr
                        a = Boolean.TRUE;
                        LOG.info("JPEG decoder: libjpeg-turbo (org.bytedeco:leptonica), shrink-on-load in the DCT domain");
                    } catch (Throwable t) {
                        LOG.warnf("libjpeg-turbo (org.bytedeco:leptonica) unavailable, decoding JPEGs with ImageIO "
                                + "(about 2.5x slower): %s", t.toString());
                        a = Boolean.FALSE;
                    }
                    available = a;
                }
            }
        }
        return a;
    }

    /** The DCT scaling libjpeg-turbo applies for a wanted subsampling: the largest of 1, 2, 4, 8 not above it. */
    static int reductionFor(int subsampling) {
        return subsampling >= 8 ? 8 : subsampling >= 4 ? 4 : subsampling >= 2 ? 2 : 1;
    }

    /**
     * The image scaled by {@code 1/reduction} (1, 2, 4 or 8; sides rounded up), as RGB or gray
     * bytes; null when this JPEG is not one for libjpeg-turbo here (CMYK/YCCK, damaged,
     * unsupported), so that the caller decodes it another way.
     */
    static Pixels decode(byte[] jpeg, int reduction) {
        if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8) {
            throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8: " + reduction);
        }
        if (!available()) {
            return null;
        }
        int[] w = new int[1], h = new int[1], spp = new int[1], ycck = new int[1], cmyk = new int[1];
        if (readHeaderMemJpeg(jpeg, jpeg.length, w, h, spp, ycck, cmyk) != 0
                || (spp[0] != 1 && spp[0] != 3) || ycck[0] != 0 || cmyk[0] != 0) {
            return null;
        }
        int[] warnings = new int[1];
        PIX pix = pixReadMemJpeg(jpeg, jpeg.length, 0, reduction, warnings, 0);
        if (pix == null || pix.isNull()) {
            return null; // libjpeg-turbo refused it, or warned about bad data (Leptonica then gives up)
        }
        try {
            int channels = pix.d() == 32 ? 3 : pix.d() == 8 && pix.colormap() == null ? 1 : 0;
            if (channels == 0 || warnings[0] != 0) {
                return null;
            }
            return copyOut(pix, channels);
        } finally {
            pixDestroy(pix);
        }
    }

    /**
     * Leptonica's raster into interleaved bytes, one row at a time, straight from the PIX's own
     * memory (no further native allocation, so nothing JavaCPP counts against its memory limits).
     * A 32 bpp pixel is the word {@code R<<24 | G<<16 | B<<8 | A}; 8 bpp pixels sit in 32-bit words
     * most significant byte first.
     */
    private static Pixels copyOut(PIX pix, int channels) {
        int w = pix.w(), h = pix.h(), wpl = pix.wpl();
        IntPointer data = pix.data();
        if (w < 1 || h < 1 || data == null || data.isNull() || (long) w * h * channels > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] out = new byte[w * h * channels];
        int[] row = new int[wpl];
        int o = 0;
        for (int y = 0; y < h; y++) {
            data.position((long) y * wpl).get(row, 0, wpl);
            if (channels == 3) {
                for (int x = 0; x < w; x++) {
                    int v = row[x];
                    out[o++] = (byte) (v >>> 24);
                    out[o++] = (byte) (v >>> 16);
                    out[o++] = (byte) (v >>> 8);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    out[o++] = (byte) (row[x >> 2] >>> (24 - ((x & 3) << 3)));
                }
            }
        }
        return new Pixels(w, h, channels, out);
    }
}
