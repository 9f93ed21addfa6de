package com.greenvue.images.processing;

/**
 * Downscales {@link Pixels} without aliasing: 2x2 box halving while the image is at least twice
 * the target, then one separable area-average (exact pixel coverage) to the final size. Alpha is
 * premultiplied while averaging so transparent pixels do not darken edges. Never enlarges and
 * never keeps more than the current and the next step in memory.
 */
public final class Resizer {

    private static final int SHIFT = 14;
    private static final int ONE = 1 << SHIFT;

    private Resizer() {
    }

    /** Scales {@code src} to exactly {@code tw x th}; both must be at most the source size. */
    public static Pixels resize(Pixels src, int tw, int th) {
        if (tw > src.width() || th > src.height() || tw < 1 || th < 1) {
            throw new IllegalArgumentException("resize " + src.width() + "x" + src.height() + " -> " + tw + "x" + th
                    + " is not a reduction");
        }
        if (tw == src.width() && th == src.height()) {
            return src;
        }
        Pixels p = src;
        boolean alpha = p.hasAlpha();
        if (alpha) {
            p = premultiplied(p);
        }
        while (p.width() >= 2 * tw && p.height() >= 2 * th) {
            p = halve(p);
        }
        if (p.width() != tw) {
            p = horizontal(p, tw);
        }
        if (p.height() != th) {
            p = vertical(p, th);
        }
        if (alpha) {
            unpremultiply(p);
        }
        return p;
    }

    /** 2x2 box average; an odd last row/column is dropped (half a source pixel of shift at most). */
    static Pixels halve(Pixels src) {
        return src.channels() == 3 ? halveRgb(src) : halveAnyChannels(src);
    }

    /**
     * {@link #halveAnyChannels} for 3 channels, written out per channel: the same sums, without the
     * per-channel loop and index arithmetic, which the JVM's C1 compiler (the image runs C1 only,
     * README "Issue 14, round 3") does not unroll or hoist itself.
     */
    static Pixels halveRgb(Pixels src) {
        int w = src.width() / 2, h = src.height() / 2;
        int sStride = src.width() * 3;
        byte[] in = src.data();
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int i0 = 2 * y * sStride;
            int i1 = i0 + sStride;
            for (int x = 0; x < w; x++, i0 += 6, i1 += 6) {
                out[o++] = (byte) (((in[i0] & 0xFF) + (in[i0 + 3] & 0xFF) + (in[i1] & 0xFF) + (in[i1 + 3] & 0xFF) + 2) >> 2);
                out[o++] = (byte) (((in[i0 + 1] & 0xFF) + (in[i0 + 4] & 0xFF) + (in[i1 + 1] & 0xFF) + (in[i1 + 4] & 0xFF) + 2) >> 2);
                out[o++] = (byte) (((in[i0 + 2] & 0xFF) + (in[i0 + 5] & 0xFF) + (in[i1 + 2] & 0xFF) + (in[i1 + 5] & 0xFF) + 2) >> 2);
            }
        }
        return new Pixels(w, h, 3, out);
    }

    static Pixels halveAnyChannels(Pixels src) {
        int c = src.channels();
        int w = src.width() / 2, h = src.height() / 2;
        int sStride = src.width() * c;
        byte[] in = src.data();
        byte[] out = new byte[w * h * c];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int r0 = 2 * y * sStride;
            int r1 = r0 + sStride;
            for (int x = 0; x < w; x++) {
                int i0 = r0 + 2 * x * c;
                int i1 = r1 + 2 * x * c;
                for (int k = 0; k < c; k++) {
                    int s = (in[i0 + k] & 0xFF) + (in[i0 + c + k] & 0xFF) + (in[i1 + k] & 0xFF) + (in[i1 + c + k] & 0xFF);
                    out[o++] = (byte) ((s + 2) >> 2);
                }
            }
        }
        return new Pixels(w, h, c, out);
    }

    /**
     * Area-average weights from {@code n} source samples to {@code m} (m <= n): for each output
     * sample the first source index, the tap count and fixed-point weights summing to ONE.
     */
    private record Taps(int[] start, int[] count, int[] weights, int maxTaps) {

        static Taps area(int n, int m) {
            double scale = (double) n / m;
            int maxTaps = (int) Math.ceil(scale) + 1;
            int[] start = new int[m];
            int[] count = new int[m];
            int[] weights = new int[m * maxTaps];
            for (int i = 0; i < m; i++) {
                double a = i * scale, b = Math.min(n, (i + 1) * scale);
                int first = (int) Math.floor(a);
                int last = Math.min(n - 1, (int) Math.ceil(b) - 1);
                int taps = last - first + 1;
                start[i] = first;
                count[i] = taps;
                int sum = 0;
                for (int t = 0; t < taps; t++) {
                    int j = first + t;
                    double cover = Math.min(b, j + 1) - Math.max(a, j);
                    int wgt = (int) Math.round(cover / scale * ONE);
                    weights[i * maxTaps + t] = wgt;
                    sum += wgt;
                }
                // put the rounding error on the largest tap so every output sums to exactly ONE
                int best = 0;
                for (int t = 1; t < taps; t++) {
                    if (weights[i * maxTaps + t] > weights[i * maxTaps + best]) {
                        best = t;
                    }
                }
                weights[i * maxTaps + best] += ONE - sum;
            }
            return new Taps(start, count, weights, maxTaps);
        }
    }

    private static Pixels horizontal(Pixels src, int tw) {
        return src.channels() == 3 ? horizontalRgb(src, tw) : horizontalAnyChannels(src, tw);
    }

    /** {@link #horizontalAnyChannels} for 3 channels, its accumulators in locals (see {@link #halveRgb}). */
    static Pixels horizontalRgb(Pixels src, int tw) {
        int w = src.width(), h = src.height();
        Taps taps = Taps.area(w, tw);
        int[] start = taps.start, count = taps.count, weights = taps.weights;
        int maxTaps = taps.maxTaps;
        byte[] in = src.data();
        byte[] out = new byte[tw * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int x = 0; x < tw; x++) {
                int a0 = ONE / 2, a1 = ONE / 2, a2 = ONE / 2;
                int base = x * maxTaps;
                int p = row + start[x] * 3;
                for (int t = 0, n = count[x]; t < n; t++, p += 3) {
                    int wgt = weights[base + t];
                    a0 += (in[p] & 0xFF) * wgt;
                    a1 += (in[p + 1] & 0xFF) * wgt;
                    a2 += (in[p + 2] & 0xFF) * wgt;
                }
                out[o++] = clamp(a0 >> SHIFT);
                out[o++] = clamp(a1 >> SHIFT);
                out[o++] = clamp(a2 >> SHIFT);
            }
        }
        return new Pixels(tw, h, 3, out);
    }

    static Pixels horizontalAnyChannels(Pixels src, int tw) {
        int c = src.channels(), w = src.width(), h = src.height();
        Taps taps = Taps.area(w, tw);
        byte[] in = src.data();
        byte[] out = new byte[tw * h * c];
        int[] acc = new int[c];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int row = y * w * c;
            for (int x = 0; x < tw; x++) {
                java.util.Arrays.fill(acc, ONE / 2);
                int base = x * taps.maxTaps;
                int p = row + taps.start[x] * c;
                for (int t = 0, n = taps.count[x]; t < n; t++, p += c) {
                    int wgt = taps.weights[base + t];
                    for (int k = 0; k < c; k++) {
                        acc[k] += (in[p + k] & 0xFF) * wgt;
                    }
                }
                for (int k = 0; k < c; k++) {
                    out[o++] = clamp(acc[k] >> SHIFT);
                }
            }
        }
        return new Pixels(tw, h, c, out);
    }

    private static Pixels vertical(Pixels src, int th) {
        int c = src.channels(), w = src.width(), h = src.height();
        int stride = w * c;
        Taps taps = Taps.area(h, th);
        byte[] in = src.data();
        byte[] out = new byte[th * stride];
        int[] acc = new int[stride];
        for (int y = 0; y < th; y++) {
            java.util.Arrays.fill(acc, ONE / 2);
            int base = y * taps.maxTaps;
            for (int t = 0, n = taps.count[y]; t < n; t++) {
                int wgt = taps.weights[base + t];
                int row = (taps.start[y] + t) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (in[row + i] & 0xFF) * wgt;
                }
            }
            int o = y * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = clamp(acc[i] >> SHIFT);
            }
        }
        return new Pixels(w, th, c, out);
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private static Pixels premultiplied(Pixels src) {
        byte[] in = src.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 4) {
            int a = in[i + 3] & 0xFF;
            out[i] = (byte) (((in[i] & 0xFF) * a + 127) / 255);
            out[i + 1] = (byte) (((in[i + 1] & 0xFF) * a + 127) / 255);
            out[i + 2] = (byte) (((in[i + 2] & 0xFF) * a + 127) / 255);
            out[i + 3] = (byte) a;
        }
        return new Pixels(src.width(), src.height(), 4, out);
    }

    private static void unpremultiply(Pixels p) {
        byte[] d = p.data();
        for (int i = 0; i < d.length; i += 4) {
            int a = d[i + 3] & 0xFF;
            if (a == 0) {
                d[i] = d[i + 1] = d[i + 2] = 0;
            } else if (a != 255) {
                d[i] = clamp(((d[i] & 0xFF) * 255 + a / 2) / a);
                d[i + 1] = clamp(((d[i + 1] & 0xFF) * 255 + a / 2) / a);
                d[i + 2] = clamp(((d[i + 2] & 0xFF) * 255 + a / 2) / a);
            }
        }
    }
}
