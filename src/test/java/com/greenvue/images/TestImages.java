package com.greenvue.images;

import com.sksamuel.scrimage.ImmutableImage;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Images for tests, generated deterministically (seeded) in memory: never downloaded, never read
 * from ../shared. Also hand-built byte arrays for headers, truncation and lies.
 */
public final class TestImages {

    private TestImages() {
    }

    public static BufferedImage photo(int width, int height, long seed) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 120, 60), width, height, new Color(200, 180, 90)));
        g.fillRect(0, 0, width, height);
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillOval(r.nextInt(width), r.nextInt(height), 1 + r.nextInt(Math.max(1, width / 4)),
                    1 + r.nextInt(Math.max(1, height / 4)));
        }
        g.dispose();
        return img;
    }

    public static byte[] jpeg(int width, int height) {
        return encode(photo(width, height, width * 31L + height), "jpg");
    }

    public static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG whose left half is fully transparent and right half opaque red. */
    public static byte[] halfTransparentPng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, x < width / 2 ? 0x00000000 : 0xFFFF0000);
            }
        }
        return png(img);
    }

    /** A landscape JPEG, left half red and right half blue, tagged with EXIF orientation {@code orientation}. */
    public static byte[] jpegWithOrientation(int width, int height, int orientation) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return withExifOrientation(encode(img, "jpg"), orientation);
    }

    /** Inserts an EXIF APP1 segment holding only an orientation tag right after SOI. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1, value
            0, 0, 0, 0 // no next IFD
        };
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff);
        int len = exif.length + 2;
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len}, exif);
        return concat(Arrays.copyOf(jpeg, 2), app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A JPEG cut before its end-of-image marker, as an interrupted transfer leaves it. */
    public static byte[] truncatedJpeg() {
        byte[] full = jpeg(800, 600);
        return Arrays.copyOf(full, full.length * 2 / 3);
    }

    /** A PNG without its IEND chunk. */
    public static byte[] truncatedPng() {
        byte[] full = png(photo(300, 200, 7));
        return Arrays.copyOf(full, full.length - 12);
    }

    /**
     * A PNG that passes every header check (signature, IHDR, IEND) but whose compressed pixel
     * data is garbage: it can only fail when decoded.
     */
    public static byte[] pngWithCorruptPixelData() {
        byte[] b = png(photo(64, 48, 9));
        int idat = indexOf(b, "IDAT".getBytes(StandardCharsets.US_ASCII));
        for (int i = idat + 4 + 2; i < idat + 4 + 40 && i < b.length - 12; i++) {
            b[i] = (byte) (0x5A ^ i);
        }
        return b;
    }

    private static int indexOf(byte[] b, byte[] seq) {
        outer:
        for (int i = 0; i <= b.length - seq.length; i++) {
            for (int j = 0; j < seq.length; j++) {
                if (b[i + j] != seq[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("sequence not found");
    }

    /** A valid-looking PNG header declaring {@code width x height}, with no real pixel data. */
    public static byte[] pngHeaderDeclaring(int width, int height) {
        byte[] b = png(photo(8, 8, 1));
        byte[] copy = b.clone();
        putBe32(copy, 16, width);
        putBe32(copy, 20, height);
        return copy;
    }

    public static ImmutableImage decode(byte[] bytes) {
        try {
            return ImmutableImage.loader().fromBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a WebP file carries an EXIF or XMP chunk. */
    public static boolean webpHasMetadata(byte[] webp) {
        String s = new String(webp, StandardCharsets.ISO_8859_1);
        return s.contains("EXIF") || s.contains("XMP ") || s.contains("Exif");
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static void putBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
