package com.greenvue.images.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The benchmark's quality yardstick: luma (BT.601, alpha composited over mid gray) of a
 * double-precision area-average of the full-resolution decode, compared to an output by SSIM
 * (8x8 windows, stride 4) and PSNR. Independent of the pipeline's own resizer; never used by it.
 */
public final class Quality {

    private Quality() {
    }

    public record Score(double ssim, double psnr) {
    }

    /** Luma plane of {@code img}, area-averaged in double precision to {@code tw x th}. */
    static float[] referenceLuma(BufferedImage img, int tw, int th) {
        int w = img.getWidth(), h = img.getHeight();
        float[] rows = new float[h * tw];
        int[] argb = new int[w];
        double[] luma = new double[w];
        double sx = (double) w / tw;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                luma[x] = luma(argb[x]);
            }
            for (int x = 0; x < tw; x++) {
                rows[y * tw + x] = (float) average(luma, x * sx, (x + 1) * sx, sx);
            }
        }
        float[] out = new float[tw * th];
        double sy = (double) h / th;
        double[] col = new double[h];
        for (int x = 0; x < tw; x++) {
            for (int y = 0; y < h; y++) {
                col[y] = rows[y * tw + x];
            }
            for (int y = 0; y < th; y++) {
                out[y * tw + x] = (float) average(col, y * sy, (y + 1) * sy, sy);
            }
        }
        return out;
    }

    private static double average(double[] v, double a, double b, double span) {
        b = Math.min(b, v.length);
        double sum = 0;
        for (int j = (int) Math.floor(a); j < Math.ceil(b); j++) {
            sum += v[j] * (Math.min(b, j + 1) - Math.max(a, j));
        }
        return sum / span;
    }

    static float[] luma(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] out = new float[w * h];
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) luma(argb[i]);
        }
        return out;
    }

    static double luma(int argb) {
        double a = (argb >>> 24) / 255.0;
        double y = 0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF);
        return y * a + 128 * (1 - a);
    }

    static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) {
            throw new IOException("no ImageIO reader for output");
        }
        return img;
    }

    public static Score compare(float[] ref, float[] test, int w, int h) {
        double mse = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = ref[i] - test[i];
            mse += d * d;
        }
        mse /= ref.length;
        double psnr = mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
        final double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        int n = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                double ma = 0, mb = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        ma += ref[(y + j) * w + x + i];
                        mb += test[(y + j) * w + x + i];
                    }
                }
                ma /= 64;
                mb /= 64;
                double va = 0, vb = 0, cov = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        double da = ref[(y + j) * w + x + i] - ma, db = test[(y + j) * w + x + i] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                }
                va /= 63;
                vb /= 63;
                cov /= 63;
                total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                n++;
            }
        }
        return new Score(n == 0 ? 1 : total / n, psnr);
    }
}
