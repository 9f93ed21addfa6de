package com.greenvue.images.processing;

import static com.greenvue.images.FormatSamples.BLUE;
import static com.greenvue.images.FormatSamples.GREEN;
import static com.greenvue.images.FormatSamples.RED;
import static com.greenvue.images.FormatSamples.YELLOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FormatSamples;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6, "images that must come out right": one case per real-world variant, generated here,
 * run through the pipeline, and the WebP output decoded and checked for size, colour,
 * transparency and the absence of metadata chunks.
 */
public class ImageFormatsTest {

    private static final ImagePipeline PIPELINE = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred());

    /** The only RIFF chunks a stripped WebP may contain. */
    private static final Set<String> ALLOWED_CHUNKS = Set.of("VP8 ", "VP8L", "VP8X", "ALPH");

    /** What to check on the decoded output besides its size. */
    @FunctionalInterface
    public interface Check {
        void verify(BufferedImage out);
    }

    /** (name, input supplier, output width, output height, check); also fed to the upload sniffer's test. */
    public static Stream<Arguments> formats() {
        Color adobeStored = new Color(200, 80, 60);
        Color p3Stored = new Color(210, 60, 40);
        return Stream.of(
                // ---- JPEG variants
                c("baseline JPEG", () -> FormatSamples.jpeg(FormatSamples.quadrants(1200, 800), false), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("progressive JPEG", () -> FormatSamples.jpeg(FormatSamples.quadrants(1200, 800), true), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("large baseline JPEG (box shrink on load)",
                        () -> FormatSamples.jpeg(FormatSamples.quadrants(3600, 2400), false), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("large progressive JPEG (subsampled on load)",
                        () -> FormatSamples.jpeg(FormatSamples.quadrants(3600, 2400), true), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("grayscale JPEG", () -> FormatSamples.grayJpeg(1000, 800), 800, 640, out -> {
                    assertGray(out, 200, 320, 40, 10);
                    assertGray(out, 600, 320, 210, 10);
                }),
                c("CMYK JPEG (Adobe APP14 transform 0)", () -> FormatSamples.cmykJpeg(800, 600), 800, 600,
                        ImageFormatsTest::redLeftCyanRight),
                c("large CMYK JPEG (subsampled on load)", () -> FormatSamples.cmykJpeg(2600, 1950), 853, 640,
                        ImageFormatsTest::redLeftCyanRight),
                c("YCCK JPEG (Adobe APP14 transform 2)", () -> FormatSamples.ycckJpeg(800, 600), 800, 600,
                        ImageFormatsTest::redLeftCyanRight),
                c("JPEG with an Adobe RGB (1998) profile",
                        () -> FormatSamples.jpegWithProfile(800, 600, adobeStored, FormatSamples.adobeRgb(), false),
                        800, 600, out -> assertConverted(out, adobeStored, FormatSamples.adobeRgb())),
                c("large JPEG with an Adobe RGB profile (box shrink on load)",
                        () -> FormatSamples.jpegWithProfile(3413, 2560, adobeStored, FormatSamples.adobeRgb(), false),
                        853, 640, out -> assertConverted(out, adobeStored, FormatSamples.adobeRgb())),
                c("progressive JPEG with an Adobe RGB profile",
                        () -> FormatSamples.jpegWithProfile(1200, 900, adobeStored, FormatSamples.adobeRgb(), true),
                        853, 640, out -> assertConverted(out, adobeStored, FormatSamples.adobeRgb())),
                c("JPEG with a Display P3 profile",
                        () -> FormatSamples.jpegWithProfile(800, 600, p3Stored, FormatSamples.displayP3(), false),
                        800, 600, out -> assertConverted(out, p3Stored, FormatSamples.displayP3())),
                c("large JPEG with a Display P3 profile (box shrink on load)",
                        () -> FormatSamples.jpegWithProfile(3413, 2560, p3Stored, FormatSamples.displayP3(), false),
                        853, 640, out -> assertConverted(out, p3Stored, FormatSamples.displayP3())),
                c("progressive JPEG with a Display P3 profile",
                        () -> FormatSamples.jpegWithProfile(1200, 900, p3Stored, FormatSamples.displayP3(), true),
                        853, 640, out -> assertConverted(out, p3Stored, FormatSamples.displayP3())),
                c("JPEG with an sRGB profile keeps its colours",
                        () -> FormatSamples.jpegWithProfile(800, 600, adobeStored,
                                ICC_Profile.getInstance(ColorSpace.CS_sRGB), false),
                        800, 600, out -> assertColour(out, 400, 300, adobeStored, 8)),
                // ---- PNG variants
                c("16-bit PNG", () -> FormatSamples.png16(1000, 800), 800, 640, out -> {
                    assertColour(out, 200, 320, RED, 20);
                    assertColour(out, 600, 320, BLUE, 20);
                }),
                c("16-bit grayscale PNG", () -> FormatSamples.png16Gray(1000, 800), 800, 640, out -> {
                    assertGray(out, 200, 320, 40, 6);
                    assertGray(out, 600, 320, 200, 6);
                }),
                c("palette PNG with tRNS", () -> FormatSamples.palettePngWithTrns(1000, 800), 800, 640,
                        out -> transparentLeftOpaqueRight(out, GREEN)),
                c("grayscale PNG with alpha", () -> FormatSamples.grayAlphaPng(1000, 800), 800, 640,
                        out -> transparentLeftOpaqueRight(out, new Color(200, 200, 200), 6)),
                c("interlaced (Adam7) PNG", () -> FormatSamples.png(FormatSamples.quadrants(1200, 800), true), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("interlaced PNG with alpha",
                        () -> FormatSamples.png(FormatSamples.halfTransparent(1200, 800, BLUE), true), 960, 640,
                        out -> transparentLeftOpaqueRight(out, BLUE)),
                c("PNG with an Adobe RGB iCCP chunk",
                        () -> FormatSamples.withPngChunk(FormatSamples.png(FormatSamples.flat(800, 600, adobeStored), false),
                                "iCCP", FormatSamples.iccpChunk(FormatSamples.adobeRgb())),
                        800, 600, out -> assertConverted(out, adobeStored, FormatSamples.adobeRgb())),
                // ---- GIF, BMP
                c("animated GIF shows its first frame", () -> FormatSamples.animatedGif(1000, 800), 800, 640,
                        out -> assertColour(out, 400, 320, Color.RED, 20)),
                c("GIF87a", () -> FormatSamples.gif87a(FormatSamples.quadrants(400, 300)), 400, 300,
                        ImageFormatsTest::quadrantsUpright),
                c("BMP 24-bit", () -> FormatSamples.bmp(FormatSamples.quadrants(1200, 800)), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("BMP with an OS/2 core header", () -> FormatSamples.handBmp24(300, 200, true, false), 300, 200,
                        ImageFormatsTest::redLeftBlueRight),
                c("BMP stored top-down", () -> FormatSamples.handBmp24(300, 200, false, true), 300, 200,
                        ImageFormatsTest::redLeftBlueRight),
                c("BMP V5 32-bit with alpha", () -> FormatSamples.bmpV5WithAlpha(300, 200), 300, 200,
                        out -> transparentLeftOpaqueRight(out, RED)),
                // ---- WebP input
                c("lossy WebP", () -> FormatSamples.webp(FormatSamples.quadrants(1200, 800), false), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("lossless WebP", () -> FormatSamples.webp(FormatSamples.quadrants(1200, 800), true), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("lossy WebP with alpha (VP8X + ALPH)",
                        () -> FormatSamples.webp(FormatSamples.halfTransparent(1200, 800, RED), false), 960, 640,
                        out -> transparentLeftOpaqueRight(out, RED)),
                c("lossless WebP with alpha",
                        () -> FormatSamples.webp(FormatSamples.halfTransparent(1200, 800, GREEN), true), 960, 640,
                        out -> transparentLeftOpaqueRight(out, GREEN)),
                c("extended WebP with ICCP, EXIF and XMP",
                        () -> FormatSamples.webpWithMetadata(FormatSamples.quadrants(1200, 800)), 960, 640,
                        ImageFormatsTest::quadrantsUpright),
                c("extended WebP with a Display P3 ICCP chunk",
                        () -> FormatSamples.webpWithMetadata(FormatSamples.flat(800, 600, p3Stored), FormatSamples.displayP3()),
                        800, 600, out -> assertConverted(out, p3Stored, FormatSamples.displayP3())),
                // ---- sizes
                c("1x1 PNG", () -> FormatSamples.png(FormatSamples.flat(1, 1, RED), false), 1, 1,
                        out -> assertColour(out, 0, 0, RED, 20)),
                c("1x1 JPEG", () -> FormatSamples.jpeg(FormatSamples.flat(1, 1, BLUE), false), 1, 1,
                        out -> assertColour(out, 0, 0, BLUE, 30)),
                c("1x1 transparent WebP",
                        () -> FormatSamples.webp(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), true), 1, 1,
                        out -> assertTrue(alpha(out, 0, 0) <= 10, "transparent pixel")),
                c("10000x50 panorama JPEG (not enlarged)",
                        () -> FormatSamples.jpeg(FormatSamples.quadrants(10000, 50), false), 10000, 50, out -> {
                            assertColour(out, 2500, 12, RED, 40);
                            assertColour(out, 7500, 37, YELLOW, 40);
                        }),
                c("50x4000 strip JPEG", () -> FormatSamples.jpeg(FormatSamples.quadrants(50, 4000), false), 8, 640,
                        out -> {
                            assertColour(out, 1, 100, RED, 50);
                            assertColour(out, 6, 540, YELLOW, 50);
                        }),
                c("1x5000 PNG keeps one column", () -> FormatSamples.png(FormatSamples.flat(1, 5000, GREEN), false), 1,
                        640, out -> assertColour(out, 0, 320, GREEN, 20)),
                c("20000x40 PNG is fitted into WebP's 16383 px limit",
                        () -> FormatSamples.png(FormatSamples.quadrants(20000, 40), false), 16383, 33, out -> {
                            assertColour(out, 4000, 8, RED, 30);
                            assertColour(out, 12000, 25, YELLOW, 30);
                        }),
                // ---- metadata-laden inputs (every case also checks the chunks)
                c("JPEG with EXIF+GPS, XMP and an ICC profile",
                        () -> FormatSamples.jpegWithAllMetadata(1200, 800), 960, 640, ImageFormatsTest::quadrantsUpright),
                c("PNG with tEXt, iTXt XMP and eXIf",
                        () -> FormatSamples.withPngChunk(FormatSamples.withPngChunk(FormatSamples.withPngChunk(
                                FormatSamples.png(FormatSamples.quadrants(1200, 800), false),
                                "tEXt", ("Comment\0" + FormatSamples.SECRET).getBytes(StandardCharsets.ISO_8859_1)),
                                "iTXt", concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                                        FormatSamples.xmpPacket())),
                                "eXIf", FormatSamples.tiffWithGps()),
                        960, 640, ImageFormatsTest::quadrantsUpright));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void comesOutRight(String name, Supplier<byte[]> input, int width, int height, Check check) throws Exception {
        ProcessedImage out = PIPELINE.process(input.get());
        assertEquals(width, out.width(), "width");
        assertEquals(height, out.height(), "height");
        BufferedImage back = decode(out.webp());
        assertEquals(width, back.getWidth(), "decoded width");
        assertEquals(height, back.getHeight(), "decoded height");
        assertNoMetadata(out.webp());
        check.verify(back);
    }

    /**
     * EXIF orientation 1-8 on a 1200x800 JPEG with four coloured quadrants: the output is upright
     * (960x640, or 427x640 for the transposing orientations 5-8) and each stored corner is shown
     * where EXIF 2.3 says: orientation n puts stored (TL, TR, BL, BR) at the displayed corners below.
     */
    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void exifOrientationComesOutUpright(int orientation) throws Exception {
        byte[] jpeg = FormatSamples.withOrientation(FormatSamples.jpeg(FormatSamples.quadrants(1200, 800), false),
                orientation);
        ProcessedImage out = PIPELINE.process(jpeg);
        boolean portrait = orientation >= 5;
        int w = portrait ? 427 : 960;
        assertEquals(w, out.width());
        assertEquals(640, out.height());
        BufferedImage back = decode(out.webp());
        assertEquals(w, back.getWidth());
        assertEquals(640, back.getHeight());
        assertNoMetadata(out.webp());
        // displayed corner of stored TL, TR, BL, BR; corners numbered 0 TL, 1 TR, 2 BL, 3 BR
        int[][] shownAt = {
            {0, 1, 2, 3}, // 1 as stored
            {1, 0, 3, 2}, // 2 mirrored horizontally
            {3, 2, 1, 0}, // 3 rotated 180
            {2, 3, 0, 1}, // 4 mirrored vertically
            {0, 2, 1, 3}, // 5 transposed
            {1, 3, 0, 2}, // 6 rotated 90 clockwise to display
            {3, 1, 2, 0}, // 7 transversed
            {2, 0, 3, 1}, // 8 rotated 90 counter-clockwise to display
        };
        Color[] stored = {RED, GREEN, BLUE, YELLOW};
        for (int s = 0; s < 4; s++) {
            int corner = shownAt[orientation - 1][s];
            int x = (corner % 2 == 0 ? 1 : 3) * back.getWidth() / 4;
            int y = (corner < 2 ? 1 : 3) * back.getHeight() / 4;
            assertColour(back, x, y, stored[s], 30);
        }
    }

    // ---------------------------------------------------------------- checks

    static BufferedImage decode(byte[] webp) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(webp));
        assertNotNull(img, "output must decode as WebP");
        return img;
    }

    /** Only VP8/VP8L/VP8X/ALPH chunks, no ICC/EXIF/XMP flag in VP8X, and no hidden text. */
    static void assertNoMetadata(byte[] webp) {
        assertEquals("RIFF", new String(webp, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WEBP", new String(webp, 8, 4, StandardCharsets.US_ASCII));
        List<String> chunks = new ArrayList<>();
        int p = 12;
        while (p + 8 <= webp.length) {
            String fourcc = new String(webp, p, 4, StandardCharsets.US_ASCII);
            chunks.add(fourcc);
            if (fourcc.equals("VP8X")) {
                assertEquals(0, webp[p + 8] & 0x2C, "VP8X declares ICC/EXIF/XMP");
            }
            int size = (webp[p + 4] & 0xFF) | (webp[p + 5] & 0xFF) << 8 | (webp[p + 6] & 0xFF) << 16
                    | (webp[p + 7] & 0xFF) << 24;
            p += 8 + size + (size & 1);
        }
        assertEquals(webp.length, p, "RIFF chunks fill the file exactly");
        assertTrue(ALLOWED_CHUNKS.containsAll(chunks), "chunks: " + chunks);
        assertEquals(-1, FormatSamples.indexOf(webp, FormatSamples.SECRET), "metadata text leaked");
        assertEquals(-1, FormatSamples.indexOf(webp, "GreenVueCam"), "camera make leaked");
    }

    static void quadrantsUpright(BufferedImage out) {
        int w = out.getWidth(), h = out.getHeight();
        assertColour(out, w / 4, h / 4, RED, 30);
        assertColour(out, 3 * w / 4, h / 4, GREEN, 30);
        assertColour(out, w / 4, 3 * h / 4, BLUE, 30);
        assertColour(out, 3 * w / 4, 3 * h / 4, YELLOW, 30);
    }

    static void redLeftBlueRight(BufferedImage out) {
        assertColour(out, out.getWidth() / 4, out.getHeight() / 2, RED, 20);
        assertColour(out, 3 * out.getWidth() / 4, out.getHeight() / 2, BLUE, 20);
    }

    /** CMYK red (M100 Y100) and cyan (C100) converted to RGB: red stays red-ish, cyan cyan-ish. */
    static void redLeftCyanRight(BufferedImage out) {
        int left = out.getRGB(out.getWidth() / 4, out.getHeight() / 2);
        int right = out.getRGB(3 * out.getWidth() / 4, out.getHeight() / 2);
        assertTrue(r(left) > 180 && g(left) < 90 && b(left) < 90, "red stays red: " + hex(left));
        assertTrue(r(right) < 90 && g(right) > 120 && b(right) > 180, "cyan stays cyan: " + hex(right));
    }

    static void transparentLeftOpaqueRight(BufferedImage out, Color opaque) {
        transparentLeftOpaqueRight(out, opaque, 20);
    }

    static void transparentLeftOpaqueRight(BufferedImage out, Color opaque, int tolerance) {
        assertTrue(out.getColorModel().hasAlpha(), "output keeps an alpha channel");
        int h = out.getHeight() / 2;
        assertTrue(alpha(out, out.getWidth() / 4, h) <= 10,
                "transparent half: alpha " + alpha(out, out.getWidth() / 4, h));
        assertEquals(255, alpha(out, 3 * out.getWidth() / 4, h), "opaque half");
        assertColour(out, 3 * out.getWidth() / 4, h, opaque, tolerance);
    }

    /**
     * The stored numbers were in {@code profile}'s space; the output must show the same colour in
     * sRGB, computed here independently (profile colorants and tone curve → XYZ D50 → sRGB), and
     * must differ from the unconverted numbers (so the check can tell a missing conversion).
     */
    static void assertConverted(BufferedImage out, Color stored, ICC_Profile profile) {
        Color expected = toSrgbReference(stored, profile);
        int far = Math.max(Math.abs(expected.getRed() - stored.getRed()),
                Math.max(Math.abs(expected.getGreen() - stored.getGreen()), Math.abs(expected.getBlue() - stored.getBlue())));
        assertTrue(far >= 18, "test colour must shift visibly: " + stored + " -> " + expected);
        assertColour(out, out.getWidth() / 2, out.getHeight() / 2, expected, 8);
    }

    static Color toSrgbReference(Color c, ICC_Profile profile) {
        double[][] src = FormatSamples.colorants(profile);
        double[][] dst = FormatSamples.colorants(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
        byte[] trc = profile.getData(ICC_Profile.icSigRedTRCTag);
        boolean gammaCurve = new String(trc, 0, 4, StandardCharsets.US_ASCII).equals("curv")
                && ((trc[8] & 0xFF) << 24 | (trc[9] & 0xFF) << 16 | (trc[10] & 0xFF) << 8 | (trc[11] & 0xFF)) == 1;
        double gamma = gammaCurve ? ((trc[12] & 0xFF) << 8 | (trc[13] & 0xFF)) / 256.0 : 0;
        double[] lin = new double[3];
        int[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            double x = v[i] / 255.0;
            lin[i] = gammaCurve ? Math.pow(x, gamma) : srgbToLinear(x);
        }
        double[] xyz = multiply(src, lin);
        double[] out = multiply(invert(dst), xyz);
        return new Color(encode(out[0]), encode(out[1]), encode(out[2]));
    }

    private static double srgbToLinear(double x) {
        return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    }

    private static int encode(double lin) {
        double x = Math.max(0, Math.min(1, lin));
        double e = x <= 0.0031308 ? x * 12.92 : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
        return (int) Math.round(e * 255);
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        }
        return r;
    }

    private static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1], f = m[1][2], g = m[2][0],
                h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }

    static void assertColour(BufferedImage img, int x, int y, Color want, int tolerance) {
        int got = img.getRGB(x, y);
        boolean close = Math.abs(r(got) - want.getRed()) <= tolerance && Math.abs(g(got) - want.getGreen()) <= tolerance
                && Math.abs(b(got) - want.getBlue()) <= tolerance;
        assertTrue(close, "at " + x + "," + y + ": got " + hex(got) + ", want " + hex(want.getRGB()) + " ±" + tolerance);
    }

    static void assertGray(BufferedImage img, int x, int y, int level, int tolerance) {
        assertColour(img, x, y, new Color(level, level, level), tolerance);
    }

    static int alpha(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) >>> 24;
    }

    private static int r(int argb) {
        return (argb >> 16) & 0xFF;
    }

    private static int g(int argb) {
        return (argb >> 8) & 0xFF;
    }

    private static int b(int argb) {
        return argb & 0xFF;
    }

    private static String hex(int argb) {
        return String.format("#%08x", argb);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Arguments c(String name, Supplier<byte[]> input, int width, int height, Check check) {
        return Arguments.of(name, input, width, height, check);
    }
}
