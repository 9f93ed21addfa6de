package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FormatSamples;
import com.greenvue.images.TestImages;
import com.greenvue.images.bench.Quality;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JPEG path whenever libjpeg-turbo cannot load (or {@code greenvue.processing.native-jpeg=false}):
 * large baseline JPEGs are box-averaged row by row while the JDK decodes them ({@link BoxShrinkRaster}).
 * Its output is checked against an exact box average of the full decode, and against what
 * libjpeg-turbo gives for the same file (SSIM); the pictures carry 1-pixel stripes, which point
 * sampling would turn black or white where both real averages give gray.
 */
class BoxShrinkRasterTest {

    /** Sides not divisible by the factors: the box path drops the last partial box (floor), ImageIO's subsampling keeps it. */
    private static final int W = 4001;
    private static final int H = 3001;

    @ParameterizedTest(name = "{0} bands, 1/{1}")
    @CsvSource({"3, 2", "3, 3", "3, 4", "3, 7", "1, 4"})
    void largeBaselineJpegIsBoxAveragedWhileDecoding(int bands, int factor) throws Exception {
        byte[] jpeg = FormatSamples.jpeg(detailed(W, H, bands), false);
        Pixels boxed;
        try (Decoder d = Decoder.open(jpeg)) {
            boxed = d.read(factor, false);
            assertEquals("imageio", d.decodedBy());
        }
        // floor sizes: only BoxShrinkRaster gives these (point subsampling rounds up)
        assertArrayEquals(new int[] {W / factor, H / factor, bands},
                new int[] {boxed.width(), boxed.height(), boxed.channels()}, "decoded through BoxShrinkRaster");

        Pixels full = Pixels.of(ImageIO.read(new ByteArrayInputStream(jpeg)));
        Pixels reference = boxAverage(full, factor);
        double diff = meanAbsoluteDifference(boxed, reference);
        assertTrue(diff < 0.6, "mean absolute difference to an exact box average of the full decode: " + diff);
        assertTrue(maxAbsoluteDifference(boxed, reference) <= 1, "no sample off by more than rounding");
    }

    @ParameterizedTest(name = "{0} bands")
    @CsvSource({"3", "1"})
    void boxShrunkDecodeIsThePictureLibjpegTurboGives(int bands) throws Exception {
        byte[] jpeg = FormatSamples.jpeg(detailed(W, H, bands), false);
        int factor = 4;
        Pixels boxed;
        try (Decoder d = Decoder.open(jpeg)) {
            boxed = d.read(factor, false);
        }
        Pixels turbo = NativeJpeg.decode(jpeg, factor);
        assertNotNull(turbo, "libjpeg-turbo loads here (NativeJpegTest)");
        int w = Math.min(boxed.width(), turbo.width()), h = Math.min(boxed.height(), turbo.height());
        Quality.Score score = Quality.compare(luma(turbo, w, h), luma(boxed, w, h), w, h);
        assertTrue(score.ssim() > 0.97, "SSIM against libjpeg-turbo's DCT-scaled decode: " + score);
        assertTrue(score.psnr() > 35, "PSNR against libjpeg-turbo's DCT-scaled decode: " + score);

        // the stripes average to mid gray in both; point sampling would give 0 or 255 there
        int inStripes = (h / 4 + 20) * w + w / 4 + 20;
        float boxedStripe = luma(boxed, w, h)[inStripes];
        float turboStripe = luma(turbo, w, h)[inStripes];
        assertEquals(turboStripe, boxedStripe, 12, "stripes averaged like libjpeg-turbo does");
        assertTrue(boxedStripe > 90 && boxedStripe < 165, "stripes averaged to gray: " + boxedStripe);
    }

    @Test
    void pipelineWithoutLibjpegTurboGivesTheSamePictureOnALargeBaselineJpeg() throws Exception {
        byte[] jpeg = FormatSamples.jpeg(detailed(W, H, 3), false);
        StageTimes turboTimes = new StageTimes();
        StageTimes jdkTimes = new StageTimes();
        ProcessedImage turbo = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred(), true)
                .process(jpeg, turboTimes);
        ProcessedImage jdk = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred(), false)
                .process(jpeg, jdkTimes);
        assertEquals("libjpeg-turbo", turboTimes.decoder);
        assertEquals("imageio", jdkTimes.decoder);
        assertTrue(jdkTimes.subsampling > 1, "large enough to be shrunk on load: " + jdkTimes.subsampling);
        assertArrayEquals(new int[] {turbo.width(), turbo.height()}, new int[] {jdk.width(), jdk.height()});
        assertEquals(640, jdk.height());
        Pixels a = Pixels.of(TestImages.decode(turbo.webp()).awt());
        Pixels b = Pixels.of(TestImages.decode(jdk.webp()).awt());
        Quality.Score score = Quality.compare(luma(a, a.width(), a.height()), luma(b, b.width(), b.height()),
                a.width(), a.height());
        assertTrue(score.ssim() > 0.95, "SSIM between the outputs of the two decoders: " + score);
    }

    /** A photo-like picture with 1-pixel stripes and noise in it: detail that aliases if point-sampled. */
    private static BufferedImage detailed(int w, int h, int bands) {
        BufferedImage photo = TestImages.photo(w, h, 17);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(w / 4, h / 4, w / 4, h / 4);
        g.setColor(Color.BLACK);
        for (int x = w / 4; x < w / 2; x += 2) {
            g.drawLine(x, h / 4, x, h / 2 - 1);
        }
        g.dispose();
        Random r = new Random(5);
        for (int y = h / 2 + 100; y < h / 2 + 700; y++) {
            for (int x = w / 2 + 100; x < w / 2 + 900; x++) {
                int v = r.nextInt(256);
                photo.setRGB(x, y, v << 16 | (255 - v) << 8 | (v * 7 & 0xFF));
            }
        }
        if (bands == 3) {
            return photo;
        }
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        gray.createGraphics().drawImage(photo, 0, 0, null);
        return gray;
    }

    /** BT.601 luma of the top-left {@code w x h} of {@code p}. */
    private static float[] luma(Pixels p, int w, int h) {
        float[] out = new float[w * h];
        int c = p.channels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * p.width() + x) * c;
                out[y * w + x] = c < 3 ? p.data()[i] & 0xFF
                        : (float) (0.299 * (p.data()[i] & 0xFF) + 0.587 * (p.data()[i + 1] & 0xFF)
                                + 0.114 * (p.data()[i + 2] & 0xFF));
            }
        }
        return out;
    }

    /** Exact s x s box averages over whole boxes only (the partial last row and column are dropped). */
    private static Pixels boxAverage(Pixels p, int f) {
        int w = p.width() / f, h = p.height() / f, c = p.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    int sum = 0;
                    for (int yy = y * f; yy < y * f + f; yy++) {
                        for (int xx = x * f; xx < x * f + f; xx++) {
                            sum += p.data()[(yy * p.width() + xx) * c + k] & 0xFF;
                        }
                    }
                    out[(y * w + x) * c + k] = (byte) Math.round((double) sum / (f * f));
                }
            }
        }
        return new Pixels(w, h, c, out);
    }

    private static double meanAbsoluteDifference(Pixels a, Pixels b) {
        long sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
        }
        return (double) sum / a.data().length;
    }

    private static int maxAbsoluteDifference(Pixels a, Pixels b) {
        int max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF)));
        }
        return max;
    }
}
