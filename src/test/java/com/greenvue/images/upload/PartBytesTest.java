package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator reads only the head and tail of large parts; these cases pin that its verdict is
 * always the one the sniffer gives on all the bytes (headers past the head, trailers past the
 * tail, truncation, formats judged by length).
 */
class PartBytesTest {

    @TempDir
    Path dir;

    @Test
    void largeJpegIsJudgedFromHeadAndTail() throws Exception {
        byte[] jpeg = jpeg(0, 400_000, true, 0);
        assertEquals("JPEG 4000x3000", verdict(jpeg));
        assertEquals(wholeVerdict(jpeg), verdict(jpeg));
    }

    @Test
    void frameHeaderBeyondTheHeadIsStillFound() throws Exception {
        byte[] jpeg = jpeg(6, 200_000, true, 0); // 6 x 64 KB APP segments before the SOF
        assertEquals("JPEG 4000x3000", verdict(jpeg));
        assertEquals(wholeVerdict(jpeg), verdict(jpeg));
    }

    @Test
    void truncatedLargeJpegIsRefused() throws Exception {
        byte[] jpeg = jpeg(0, 400_000, false, 0);
        assertEquals(wholeVerdict(jpeg), verdict(jpeg));
        assertEquals(true, verdict(jpeg).startsWith("rejected"));
    }

    @Test
    void longTrailerAfterTheEndMarkerGetsTheWholeFileVerdict() throws Exception {
        byte[] jpeg = jpeg(0, 400_000, true, 200_000);
        assertEquals(wholeVerdict(jpeg), verdict(jpeg));
    }

    @Test
    void largeJpegPolyglotGetsTheWholeFileVerdict() throws Exception {
        // a real header, then 400 KB of another file's bytes, then an end marker: the scan walk
        // must see all of it, not just the tail
        byte[] small = HostileImages.jpegHeaderThenGarbage(true);
        byte[] garbage = new byte[400_000];
        new java.util.Random(7).nextBytes(garbage);
        byte[] big = com.greenvue.images.TestImages.concat(Arrays.copyOf(small, small.length - 2), garbage,
                new byte[] {(byte) 0xFF, (byte) 0xD9});
        assertEquals(wholeVerdict(big), verdict(big));
        assertEquals(true, verdict(big).startsWith("rejected false"), verdict(big));
    }

    @Test
    void largeLegitGifIsAccepted() throws Exception {
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(800, 800,
                java.awt.image.BufferedImage.TYPE_BYTE_INDEXED);
        java.util.Random r = new java.util.Random(3);
        byte[] px = ((java.awt.image.DataBufferByte) noise.getRaster().getDataBuffer()).getData();
        r.nextBytes(px);
        byte[] gif = com.greenvue.images.TestImages.encode(noise, "gif");
        assertEquals(true, gif.length > PartBytes.HEAD_BYTES + PartBytes.TAIL_BYTES,
                "large enough to be read as head and tail: " + gif.length);
        assertEquals("GIF 800x800", verdict(gif));
        assertEquals(wholeVerdict(gif), verdict(gif));
    }

    @Test
    void largePngWithAndWithoutIend() throws Exception {
        byte[] png = png(500_000, true);
        assertEquals("PNG 3000x2000", verdict(png));
        byte[] cut = png(500_000, false);
        assertEquals(wholeVerdict(cut), verdict(cut));
        assertEquals(true, verdict(cut).startsWith("rejected"));
    }

    @Test
    void largeBmpIsCheckedAgainstItsFullLength() throws Exception {
        byte[] bmp = new byte[400_000];
        bmp[0] = 'B';
        bmp[1] = 'M';
        le32(bmp, 2, 500_000); // header says longer than the file: truncated
        le32(bmp, 10, 54);
        le32(bmp, 14, 40);
        le32(bmp, 18, 400);
        le32(bmp, 22, 300);
        assertEquals(wholeVerdict(bmp), verdict(bmp));
        assertEquals(true, verdict(bmp).startsWith("rejected"));
        le32(bmp, 2, 400_000);
        assertEquals("BMP 400x300", verdict(bmp));
    }

    @Test
    void unsupportedLargeFileIsRefusedAsUnsupported() throws Exception {
        byte[] junk = new byte[500_000];
        Arrays.fill(junk, (byte) 'x');
        String verdict = verdict(junk);
        // "rejected true": refused as unsupported (415), not as invalid (400), and never accepted
        assertEquals(true, verdict.startsWith("rejected true: "), verdict);
        assertEquals(wholeVerdict(junk), verdict);
    }

    private String verdict(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("part-" + System.nanoTime()), bytes);
        try (PartBytes part = new PartBytes(file, bytes.length)) {
            ImageHeader h = UploadValidator.header(part);
            UploadValidator.checkComplete(h, part);
            return h.format() + " " + h.width() + "x" + h.height();
        } catch (ImageSniffer.Rejected r) {
            return "rejected " + r.unsupported + ": " + r.getMessage();
        }
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

    /** SOI, {@code app} full APP1 segments, SOF0 4000x3000, SOS, entropy bytes, EOI (optional), trailer. */
    private static byte[] jpeg(int app, int entropy, boolean eoi, int trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        for (int i = 0; i < app; i++) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) 0xFF, (byte) 0xFF});
            out.writeBytes(new byte[0xFFFF - 2]);
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0x0B, (byte) 0xB8, 0x0F, (byte) 0xA0, 3,
                1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0});
        byte[] data = new byte[entropy];
        for (int i = 0; i < entropy; i++) {
            data[i] = (byte) (i * 31 % 250);
        }
        out.writeBytes(data);
        if (eoi) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        }
        out.writeBytes(new byte[trailer]);
        return out.toByteArray();
    }

    private static byte[] png(int idat, boolean iend) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 0, 0x0B, (byte) 0xB8, 0, 0, 0x07, (byte) 0xD0, 8, 2, 0, 0, 0, 0, 0, 0, 0});
        byte[] data = new byte[idat];
        Arrays.fill(data, (byte) 7);
        out.writeBytes(data);
        if (iend) {
            out.writeBytes(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        }
        return out.toByteArray();
    }

    private static void le32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) (v >> 16);
        b[i + 3] = (byte) (v >> 24);
    }
}
