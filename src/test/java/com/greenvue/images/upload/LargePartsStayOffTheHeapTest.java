package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large GIF, WebP and BMP parts are judged from their head, their length and (GIF) a small
 * window walked over the file: the validator never puts the whole part on the heap, and its
 * verdict is still the one the sniffer gives on every byte.
 */
class LargePartsStayOffTheHeapTest {

    /** Head + tail + one window: what judging a part may hold, whatever its size. */
    static final long BUDGET = PartBytes.HEAD_BYTES + PartBytes.TAIL_BYTES
            + PartBytes.WINDOW_BYTES;

    @TempDir
    Path dir;

    @Test
    void aLargeGifIsWalkedThroughAWindow() throws Exception {
        byte[] gif = noiseGif(1500, 1500);
        assertTrue(gif.length > 4 * BUDGET, "large: " + gif.length);
        assertJudgedWithinBudget(gif, "GIF 1500x1500");
        // cut in the middle: no trailer, refused, still without reading it whole
        assertJudgedWithinBudget(Arrays.copyOf(gif, gif.length / 2), null);
        // the trailer restored after a cut frame: the block walk (through the window) refuses it
        byte[] cut = Arrays.copyOf(gif, gif.length / 2 + 1);
        cut[cut.length - 1] = 0x3B;
        assertJudgedWithinBudget(cut, null);
    }

    @Test
    void aLargeWebpIsJudgedByItsHeaderAndLength() throws Exception {
        byte[] webp = webp(3_000_000, 3_000_000);
        assertJudgedWithinBudget(webp, "WEBP 4000x3000");
        assertJudgedWithinBudget(webp(3_000_000, 3_500_000), null);  // RIFF size says longer: truncated
    }

    @Test
    void aLargeBmpIsJudgedByItsHeaderAndLength() throws Exception {
        byte[] bmp = TestImages.encode(TestImages.photo(1200, 900, 5), "bmp");
        assertTrue(bmp.length > 3_000_000, "large: " + bmp.length);
        assertJudgedWithinBudget(bmp, "BMP 1200x900");
        assertJudgedWithinBudget(Arrays.copyOf(bmp, bmp.length - 100_000), null);
    }

    @Test
    void aLargeFileOfAnotherTypeIsRefusedFromItsHead() throws Exception {
        byte[] junk = new byte[3_000_000];
        Arrays.fill(junk, (byte) 'x');
        assertJudgedWithinBudget(junk, null);
    }

    /** The validator's verdict equals the whole-file verdict, and it held at most {@link #BUDGET} bytes. */
    private void assertJudgedWithinBudget(byte[] bytes, String expected) throws IOException {
        Path file = Files.write(dir.resolve("part-" + System.nanoTime()), bytes);
        String verdict;
        long heap;
        try (PartBytes part = new PartBytes(file, bytes.length)) {
            try {
                ImageHeader h = UploadValidator.header(part);
                h = UploadValidator.checkComplete(h, part);
                verdict = h.format() + " " + h.width() + "x" + h.height();
            } catch (ImageSniffer.Rejected r) {
                verdict = "rejected " + r.unsupported + ": " + r.getMessage();
            }
            heap = part.heapBytes();
        }
        assertEquals(wholeVerdict(bytes), verdict);
        if (expected != null) {
            assertEquals(expected, verdict);
        } else {
            assertTrue(verdict.startsWith("rejected"), verdict);
        }
        assertTrue(heap <= BUDGET, "a " + bytes.length + "-byte part put " + heap + " bytes on the heap (budget "
                + BUDGET + "): " + verdict);
    }

    private static String wholeVerdict(byte[] bytes) {
        try {
            ImageHeader h = ImageSniffer.inspect(bytes);
            ImageSniffer.checkComplete(h, bytes);
            return h.format() + " " + h.width() + "x" + h.height();
        } catch (ImageSniffer.Rejected r) {
            return "rejected " + r.unsupported + ": " + r.getMessage();
        }
    }

    private static byte[] noiseGif(int w, int h) {
        BufferedImage noise = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
        new Random(3).nextBytes(((DataBufferByte) noise.getRaster().getDataBuffer()).getData());
        return TestImages.encode(noise, "gif");
    }

    /** A lossy WebP header (VP8, 4000x3000) followed by {@code length} bytes in all, RIFF size {@code riff}. */
    private static byte[] webp(int length, int riff) {
        byte[] b = new byte[length];
        b[0] = 'R'; b[1] = 'I'; b[2] = 'F'; b[3] = 'F';
        le32(b, 4, riff - 8);
        b[8] = 'W'; b[9] = 'E'; b[10] = 'B'; b[11] = 'P';
        b[12] = 'V'; b[13] = 'P'; b[14] = '8'; b[15] = ' ';
        le32(b, 16, length - 20);
        b[23] = (byte) 0x9D; b[24] = 0x01; b[25] = 0x2A;
        b[26] = (byte) (4000 & 0xFF); b[27] = (byte) (4000 >> 8);
        b[28] = (byte) (3000 & 0xFF); b[29] = (byte) (3000 >> 8);
        return b;
    }

    private static void le32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) (v >> 16);
        b[i + 3] = (byte) (v >> 24);
    }
}
