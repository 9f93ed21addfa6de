package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline's behaviour on generated images: sizes, alpha, orientation, metadata, aliasing. */
class ImagePipelineTest {

    private static ImagePipeline pipeline(WebpEncoder.Engine engine) {
        return new ImagePipeline(640, 80, 4, 50_000_000L, engine);
    }

    private static final ImagePipeline PIPELINE = pipeline(WebpEncoder.preferred());

    static BufferedImage decodeWebp(byte[] webp) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(webp));
        assertTrue(img != null, "output must decode as WebP");
        return img;
    }

    @ParameterizedTest
    @EnumSource(WebpEncoder.Engine.class)
    void jpeg3000x2000BecomesWebp960x640(WebpEncoder.Engine engine) throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.picture(3000, 2000), 0.9f, false);
        ProcessedImage out = pipeline(engine).process(jpeg);
        assertEquals(960, out.width());
        assertEquals(640, out.height());
        assertTrue(isWebp(out.webp()));
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(960, back.getWidth());
        assertEquals(640, back.getHeight());
    }

    @Test
    void smallImageKeepsItsSize() throws Exception {
        ProcessedImage out = PIPELINE.process(TestImages.jpeg(TestImages.picture(400, 300), 0.9f, false));
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(400, back.getWidth());
        assertEquals(300, back.getHeight());
        assertEquals(400, out.width());
        assertEquals(300, out.height());
    }

    @Test
    void progressiveJpegDecodes() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.picture(2400, 1800), 0.85f, true);
        ProcessedImage out = PIPELINE.process(jpeg);
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(853, back.getWidth());
        assertEquals(640, back.getHeight());
        // the red oval is still where it was: centre of the oval is at (w/4 + w/6, h/4 + h/6)
        int rgb = back.getRGB((int) (853 * (0.25 + 1.0 / 6)), (int) (640 * (0.25 + 1.0 / 6)));
        assertTrue(((rgb >> 16) & 0xFF) > 150 && ((rgb >> 8) & 0xFF) < 100, "red oval survives: " + Integer.toHexString(rgb));
    }

    @ParameterizedTest
    @EnumSource(WebpEncoder.Engine.class)
    void pngWithAlphaKeepsAlpha(WebpEncoder.Engine engine) throws Exception {
        BufferedImage img = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0, 160, 60, 255));
        g.fillRect(0, 0, 800, 1200); // left half opaque green, right half fully transparent
        g.dispose();
        ProcessedImage out = pipeline(engine).process(TestImages.png(img));
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(853, back.getWidth());
        assertEquals(640, back.getHeight());
        assertTrue(back.getColorModel().hasAlpha(), "decoded output has an alpha channel");
        int left = back.getRGB(100, 320), right = back.getRGB(750, 320);
        assertEquals(255, left >>> 24, "opaque side stays opaque");
        assertEquals(0, right >>> 24, "transparent side stays transparent");
        assertTrue(((left >> 8) & 0xFF) > 130, "green stays green (no dark fringe from unpremultiplied averaging)");
    }

    @Test
    void opaquePngHasNoAlphaInOutput() throws Exception {
        BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 800, 600);
        g.dispose();
        ProcessedImage out = PIPELINE.process(TestImages.png(img));
        assertFalse(decodeWebp(out.webp()).getColorModel().hasAlpha());
    }

    @Test
    void exifOrientation6ComesOutPortrait() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.picture(1200, 800), 0.9f, false), 6);
        ProcessedImage out = PIPELINE.process(jpeg);
        assertEquals(427, out.width());
        assertEquals(640, out.height());
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(427, back.getWidth());
        assertEquals(640, back.getHeight());
    }

    /**
     * A marker in the stored image's top-left corner must land where each EXIF orientation puts
     * it when displayed.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationIsApplied(int orientation) throws Exception {
        BufferedImage img = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 900);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 300, 300); // stored top-left
        g.dispose();
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(img, 0.9f, false), orientation);
        ProcessedImage out = PIPELINE.process(jpeg);
        boolean portrait = orientation >= 5;
        assertEquals(portrait ? 480 : 853, out.width());
        assertEquals(640, out.height());
        BufferedImage back = decodeWebp(out.webp());
        int w = back.getWidth() - 1, h = back.getHeight() - 1;
        // where the stored top-left corner is displayed, per EXIF 2.3 Orientation
        int[][] corners = {{0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}, {w, 0}, {w, h}, {0, h}};
        int[] dark = corners[orientation - 1];
        int[] inset = {dark[0] == 0 ? 10 : dark[0] - 10, dark[1] == 0 ? 10 : dark[1] - 10};
        assertTrue(luma(back.getRGB(inset[0], inset[1])) < 60, "marker at " + dark[0] + "," + dark[1]);
        int[] opposite = {w - inset[0], h - inset[1]};
        assertTrue(luma(back.getRGB(opposite[0], opposite[1])) > 200, "opposite corner is white");
    }

    @Test
    void outputHasNoExif() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.picture(1200, 800), 0.9f, false), 1);
        byte[] webp = PIPELINE.process(jpeg).webp();
        List<String> chunks = riffChunks(webp);
        assertFalse(chunks.contains("EXIF"), "chunks: " + chunks);
        assertFalse(chunks.contains("XMP "), "chunks: " + chunks);
        assertFalse(chunks.contains("ICCP"), "chunks: " + chunks);
        assertFalse(new String(webp, StandardCharsets.ISO_8859_1).contains("GreenVueCam"), "camera make leaked");
    }

    /** 1-px black/white stripes reduced 6x must average to mid gray, not alias to black or white. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sixTimesReductionDoesNotAliasStripes(boolean horizontal) throws Exception {
        int w = 5120, h = 3840;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] d = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (byte) (((horizontal ? y : x) & 1) == 0 ? 0 : 255);
            }
        }
        ProcessedImage out = PIPELINE.process(TestImages.png(img));
        BufferedImage back = decodeWebp(out.webp());
        assertEquals(853, back.getWidth());
        assertEquals(640, back.getHeight());
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int y = 20; y < 620; y += 3) {
            for (int x = 20; x < 830; x += 3) {
                double l = luma(back.getRGB(x, y));
                sum += l;
                sumSq += l * l;
                n++;
            }
        }
        double mean = sum / n, sd = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(128, mean, 12, "mean luma");
        assertTrue(sd < 12, "flat gray, no moiré: sd=" + sd);
    }

    /**
     * Shrink-on-load must average, not point-sample: 1-px stripes in a JPEG decoded at 1/2 would
     * come out all black with plain source subsampling.
     */
    @Test
    void jpegShrinkOnLoadDoesNotAliasStripes() throws Exception {
        int w = 3413, h = 2560;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] d = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(d, y * w, (y + 1) * w, (byte) ((y & 1) == 0 ? 0 : 255));
        }
        StageTimes times = new StageTimes();
        ProcessedImage out = PIPELINE.process(TestImages.jpeg(img, 0.95f, false), times);
        assertEquals(2, times.subsampling, "decoded at half size");
        BufferedImage back = decodeWebp(out.webp());
        double sum = 0;
        int n = 0;
        for (int y = 10; y < back.getHeight() - 10; y += 2) {
            for (int x = 10; x < back.getWidth() - 10; x += 7) {
                sum += luma(back.getRGB(x, y));
                n++;
            }
        }
        assertEquals(128, sum / n, 12, "mean luma");
    }

    @Test
    void recognisesProgressiveJpeg() throws Exception {
        assertTrue(Decoder.isProgressiveJpeg(TestImages.jpeg(TestImages.picture(300, 200), 0.8f, true)));
        assertFalse(Decoder.isProgressiveJpeg(TestImages.jpeg(TestImages.picture(300, 200), 0.8f, false)));
        assertFalse(Decoder.isProgressiveJpeg(
                TestImages.withExifOrientation(TestImages.jpeg(TestImages.picture(300, 200), 0.8f, false), 6)));
    }

    @Test
    void resizerAveragesAreaOnOddRatios() {
        // 7 source pixels to 3: every output pixel covers 7/3 source pixels
        byte[] row = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        Pixels out = Resizer.resize(new Pixels(7, 1, 1, row), 3, 1);
        int[] v = {out.data()[0] & 0xFF, out.data()[1] & 0xFF, out.data()[2] & 0xFF};
        assertArrayEquals(new int[] {0, 182, 255}, v); // (2/3*0 + 255 + 2/3*255) / (7/3)
    }

    @Test
    void gifAndBmpInputsDecode() throws Exception {
        for (String format : new String[] {"gif", "bmp"}) {
            BufferedImage img = TestImages.picture(1000, 800);
            BufferedImage rgb = new BufferedImage(1000, 800, BufferedImage.TYPE_3BYTE_BGR);
            rgb.getGraphics().drawImage(img, 0, 0, null);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertTrue(ImageIO.write(rgb, format, bytes), format + " writer");
            ProcessedImage out = PIPELINE.process(bytes.toByteArray());
            assertEquals(800, out.width(), format);
            assertEquals(640, out.height(), format);
        }
    }

    @Test
    void webpInputDecodes() throws Exception {
        byte[] webp = PIPELINE.process(TestImages.jpeg(TestImages.picture(1000, 800), 0.9f, false)).webp();
        ProcessedImage again = pipeline(WebpEncoder.preferred()).process(webp);
        assertEquals(800, again.width());
        assertEquals(640, again.height());
    }

    @Test
    void garbageIsAPermanentFailure() throws Exception {
        assertThrows(PermanentProcessingException.class,
                () -> PIPELINE.process("not an image".getBytes(StandardCharsets.US_ASCII)));
        byte[] jpeg = TestImages.jpeg(TestImages.picture(1000, 800), 0.9f, false);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, 40);
        assertThrows(PermanentProcessingException.class, () -> PIPELINE.process(truncated));
    }

    @Test
    void targetSizeRule() {
        assertArrayEquals(new int[] {960, 640}, ImagePipeline.targetSize(3000, 2000, 640));
        assertArrayEquals(new int[] {400, 300}, ImagePipeline.targetSize(400, 300, 640));
        assertArrayEquals(new int[] {1, 640}, ImagePipeline.targetSize(10, 20000, 640));
        assertArrayEquals(new int[] {16383, 1}, ImagePipeline.targetSize(40000, 2, 640));
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    private static boolean isWebp(byte[] b) {
        return b.length > 12 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
                && new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP");
    }

    private static List<String> riffChunks(byte[] b) {
        List<String> names = new ArrayList<>();
        int p = 12;
        while (p + 8 <= b.length) {
            names.add(new String(b, p, 4, StandardCharsets.US_ASCII));
            int size = (b[p + 4] & 0xFF) | (b[p + 5] & 0xFF) << 8 | (b[p + 6] & 0xFF) << 16 | (b[p + 7] & 0xFF) << 24;
            p += 8 + size + (size & 1);
        }
        return names;
    }
}
