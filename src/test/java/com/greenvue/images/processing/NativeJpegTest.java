package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FormatSamples;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The libjpeg-turbo decode path: it loads on this platform (the one CI runs on), scales in the
 * DCT domain to the right size with the right pixels, declines what it must leave to ImageIO
 * (CMYK/YCCK, damaged streams), and the pipeline's output is the same picture either way.
 */
class NativeJpegTest {

    private static final BufferedImage PHOTO = com.greenvue.images.TestImages.photo(1203, 901, 7);

    @Test
    void libjpegTurboLoadsOnThisPlatform() {
        assertTrue(NativeJpeg.available(), "org.bytedeco:leptonica natives for ${javacpp.platform} must load here");
    }

    @Test
    void reductionIsTheLargestPowerOfTwoNotAboveTheSubsampling() {
        int[] expected = {1, 1, 2, 2, 4, 4, 4, 4, 8, 8, 8, 8};
        for (int s = 0; s < expected.length; s++) {
            assertEquals(expected[s], NativeJpeg.reductionFor(s), "subsampling " + s);
        }
        assertEquals(8, NativeJpeg.reductionFor(40));
        assertThrows(IllegalArgumentException.class, () -> NativeJpeg.decode(new byte[4], 3));
    }

    @ParameterizedTest(name = "{0} at 1/{1}")
    @CsvSource({"baseline, 1", "baseline, 2", "baseline, 4", "baseline, 8", "progressive, 1", "progressive, 2",
            "progressive, 4", "progressive, 8"})
    void scaledDecodeHasTheSizeAndPixelsOfABoxAveragedFullDecode(String kind, int reduction) throws Exception {
        byte[] jpeg = FormatSamples.jpeg(PHOTO, kind.equals("progressive"));
        Pixels fast = NativeJpeg.decode(jpeg, reduction);
        assertNotNull(fast);
        // libjpeg rounds scaled sides up
        assertEquals((PHOTO.getWidth() + reduction - 1) / reduction, fast.width());
        assertEquals((PHOTO.getHeight() + reduction - 1) / reduction, fast.height());
        assertEquals(3, fast.channels());

        Pixels reference = boxAverage(Pixels.of(ImageIO.read(new ByteArrayInputStream(jpeg))), reduction);
        double diff = meanAbsoluteDifference(fast, reference);
        assertTrue(diff < 3.0, "mean absolute difference to the JDK decode, box-averaged: " + diff);
    }

    @ParameterizedTest(name = "gray at 1/{0}")
    @CsvSource({"1", "2", "4"})
    void grayJpegStaysOneChannelWithThePixelsOfTheJdkDecode(int reduction) throws Exception {
        BufferedImage gray = new BufferedImage(PHOTO.getWidth(), PHOTO.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        gray.createGraphics().drawImage(PHOTO, 0, 0, null);
        byte[] jpeg = FormatSamples.jpeg(gray, false);
        Pixels fast = NativeJpeg.decode(jpeg, reduction);
        assertNotNull(fast);
        assertEquals(1, fast.channels());
        assertEquals((PHOTO.getWidth() + reduction - 1) / reduction, fast.width());
        Pixels reference = boxAverage(Pixels.of(ImageIO.read(new ByteArrayInputStream(jpeg))), reduction);
        assertEquals(1, reference.channels());
        double diff = meanAbsoluteDifference(fast, reference);
        assertTrue(diff < 3.0, "mean absolute difference to the JDK decode, box-averaged: " + diff);

        // a sawtooth along x with an 8-px period (block-aligned, so JPEG keeps it): any mix-up of
        // the byte order inside Leptonica's 32-bit words would reverse each group of 4
        BufferedImage saw = new BufferedImage(64, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 64; x++) {
                saw.getRaster().setSample(x, y, 0, 16 + (x % 8) * 30);
            }
        }
        Pixels sawPixels = NativeJpeg.decode(FormatSamples.jpeg(saw, false), 1);
        for (int x = 0; x < 64; x++) {
            assertEquals(16 + (x % 8) * 30, sawPixels.data()[5 * 64 + x] & 0xFF, 12, "sawtooth at x=" + x);
        }

        Pixels halves = NativeJpeg.decode(FormatSamples.grayJpeg(1000, 800), 2);
        assertEquals(40, halves.data()[200 * 500 + 100] & 0xFF, 3);
        assertEquals(210, halves.data()[200 * 500 + 400] & 0xFF, 3);
    }

    @Test
    void damagedBytesAnywhereGiveAPictureOrNullNeverACrash() {
        Random random = new Random(42);
        byte[][] sources = {FormatSamples.jpeg(com.greenvue.images.TestImages.photo(320, 240, 3), false),
                FormatSamples.jpeg(com.greenvue.images.TestImages.photo(320, 240, 5), true)};
        int decoded = 0, declined = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = sources[i % 2].clone();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                b[2 + random.nextInt(b.length - 2)] = (byte) random.nextInt(256);
            }
            int reduction = 1 << random.nextInt(4);
            Pixels p = NativeJpeg.decode(b, reduction);
            if (p == null) {
                declined++;
            } else {
                decoded++;
                assertTrue(p.width() >= 1 && p.height() >= 1 && p.width() * reduction < 320 * 2 * 8);
            }
        }
        assertEquals(400, decoded + declined);
        assertTrue(declined > 0, "some damage must be noticed");
    }

    @Test
    void fourComponentAndDamagedJpegsAreLeftToImageIo() throws Exception {
        assertNull(NativeJpeg.decode(FormatSamples.cmykJpeg(400, 300), 1));
        assertNull(NativeJpeg.decode(FormatSamples.ycckJpeg(400, 300), 1));
        byte[] jpeg = FormatSamples.jpeg(PHOTO, false);
        assertNull(NativeJpeg.decode(Arrays.copyOf(jpeg, jpeg.length / 2), 1), "truncated: libjpeg-turbo warns");
        byte[] garbage = jpeg.clone();
        Arrays.fill(garbage, 600, garbage.length - 2, (byte) 0x5A);
        assertNull(NativeJpeg.decode(garbage, 2), "entropy data replaced by garbage");
        assertNull(NativeJpeg.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 1));
        assertNull(NativeJpeg.decode(new byte[0], 1));

        // the decoder still reads the CMYK one, through ImageIO
        try (Decoder d = Decoder.open(FormatSamples.cmykJpeg(400, 300))) {
            Pixels p = d.read(1, true);
            assertEquals("imageio", d.decodedBy());
            assertEquals(400, p.width());
        }
    }

    @Test
    void pipelineOutputIsTheSamePictureWithEitherDecoder() throws Exception {
        byte[] jpeg = FormatSamples.jpeg(com.greenvue.images.TestImages.photo(3000, 2000, 11), true);
        StageTimes turbo = new StageTimes();
        StageTimes jdk = new StageTimes();
        ProcessedImage a = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred(), true).process(jpeg, turbo);
        ProcessedImage b = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred(), false).process(jpeg, jdk);
        assertEquals("libjpeg-turbo", turbo.decoder);
        assertEquals("imageio", jdk.decoder);
        assertArrayEquals(new int[] {960, 640}, new int[] {a.width(), a.height()});
        assertArrayEquals(new int[] {960, 640}, new int[] {b.width(), b.height()});
        Pixels pa = Pixels.of(com.greenvue.images.TestImages.decode(a.webp()).awt());
        Pixels pb = Pixels.of(com.greenvue.images.TestImages.decode(b.webp()).awt());
        double diff = meanAbsoluteDifference(pa.toRgbOrRgba(), pb.toRgbOrRgba());
        assertTrue(diff < 3.0, "mean absolute difference between the two outputs: " + diff);
    }

    private static Pixels boxAverage(Pixels p, int f) {
        int w = (p.width() + f - 1) / f, h = (p.height() + f - 1) / f, c = p.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    int sum = 0, n = 0;
                    for (int yy = y * f; yy < Math.min(p.height(), y * f + f); yy++) {
                        for (int xx = x * f; xx < Math.min(p.width(), x * f + f); xx++) {
                            sum += p.data()[(yy * p.width() + xx) * c + k] & 0xFF;
                            n++;
                        }
                    }
                    out[(y * w + x) * c + k] = (byte) ((sum + n / 2) / n);
                }
            }
        }
        return new Pixels(w, h, c, out);
    }

    private static double meanAbsoluteDifference(Pixels a, Pixels b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        assertEquals(a.channels(), b.channels());
        long sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
        }
        return (double) sum / a.data().length;
    }
}
