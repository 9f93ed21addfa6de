package com.greenvue.images.upload;

import com.greenvue.images.bytes.Bytes;

/**
 * Tells an image's real type, dimensions and completeness from its bytes: magic numbers and
 * header fields only, never a decoded pixel, so it is cheap on the request path and safe against
 * decompression bombs. File names and Content-Types are never consulted. The JPEG and GIF
 * structure walks live in {@link JpegSniffer} and {@link GifSniffer}; PNG, WebP and BMP need
 * only a few header fields, read here.
 */
final class ImageSniffer {

    /** Why bytes were refused: {@code unsupported} (415) or {@code invalid} (400). */
    static final class Rejected extends Exception {
        final boolean unsupported;

        Rejected(boolean unsupported, String message) {
            super(message, null, false, false);
            this.unsupported = unsupported;
        }
    }

    private ImageSniffer() {
    }

    static ImageFormat detect(byte[] b) {
        if (Bytes.matches(b, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (Bytes.matches(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (Bytes.matches(b, 0, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return ImageFormat.GIF;
        }
        if (Bytes.matches(b, 0, 'R', 'I', 'F', 'F') && Bytes.matches(b, 8, 'W', 'E', 'B', 'P')) {
            return ImageFormat.WEBP;
        }
        if (Bytes.matches(b, 0, 'B', 'M') && b.length >= 18) {
            long dib = Bytes.u32le(b, 14);
            if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
                return ImageFormat.BMP;
            }
        }
        return null;
    }

    /** Reads type and dimensions and checks that the bytes are not visibly truncated. */
    static ImageHeader inspect(byte[] b) throws Rejected {
        ImageFormat format = detect(b);
        if (format == null) {
            throw new Rejected(true, "is not a JPEG, PNG, WebP, GIF or BMP image (judged by its content"
                    + describeContent(b) + ")");
        }
        ImageHeader h = switch (format) {
            case JPEG -> JpegSniffer.header(b);
            case PNG -> png(b);
            case GIF -> GifSniffer.header(b);
            case WEBP -> webp(b);
            case BMP -> bmp(b);
        };
        if (h.width() <= 0 || h.height() <= 0) {
            throw new Rejected(false, "declares an invalid size " + h.width() + "x" + h.height());
        }
        return h;
    }

    /**
     * Truncation the bytes show, then the structure walks that need the file from its start (JPEG
     * scan data, GIF blocks). {@code b} is the whole file.
     */
    static void checkComplete(ImageHeader h, byte[] b) throws Rejected {
        checkEnd(h, b);
        if (h.format() == ImageFormat.JPEG) {
            JpegSniffer.checkScans(b);
        } else if (h.format() == ImageFormat.GIF) {
            GifSniffer.checkBlocks(b);
        }
    }

    /**
     * Truncation the bytes show: JPEG without end-of-image, PNG without IEND, short RIFF/GIF/BMP.
     * For JPEG, PNG and GIF the file's last bytes are enough.
     */
    static void checkEnd(ImageHeader h, byte[] b) throws Rejected {
        if (h.format() == ImageFormat.WEBP || h.format() == ImageFormat.BMP) {
            checkEndBySize(h, b, b.length);
            return;
        }
        boolean complete = switch (h.format()) {
            case JPEG -> lastIndexOf(b, 0xFF, 0xD9) > lastIndexOf(b, 0xFF, 0xDA);
            case PNG -> lastIndexOf(b, 'I', 'E', 'N', 'D') > 8;
            default -> lastNonZero(b) == 0x3B;
        };
        if (!complete) {
            throw new Rejected(false, "is truncated: the " + h.format().json() + " data ends before the image does ("
                    + switch (h.format()) {
                        case JPEG -> "no end-of-image marker after the image data";
                        case PNG -> "no IEND chunk";
                        default -> "no GIF trailer";
                    } + ")");
        }
    }

    /**
     * The WebP and BMP truncation checks from the header alone: both compare sizes the header
     * declares with the file's length, so {@code head} (the first bytes, or all of them) and
     * {@code length} give the whole file's verdict.
     */
    static void checkEndBySize(ImageHeader h, byte[] head, long length) throws Rejected {
        boolean complete = switch (h.format()) {
            case WEBP -> Bytes.u32le(head, 4) + 8 <= length;
            case BMP -> Bytes.u32le(head, 10) < length && (Bytes.u32le(head, 2) == 0 || Bytes.u32le(head, 2) <= length);
            default -> throw new IllegalArgumentException("only WebP and BMP are judged by size: " + h.format());
        };
        if (!complete) {
            throw new Rejected(false, "is truncated: the " + h.format().json() + " data ends before the image does ("
                    + (h.format() == ImageFormat.WEBP ? "RIFF size larger than the file" : "file shorter than its header says")
                    + ")");
        }
    }

    private static ImageHeader png(byte[] b) throws Rejected {
        if (b.length < 24 || !Bytes.matches(b, 12, 'I', 'H', 'D', 'R')) {
            throw new Rejected(false, "is not a valid PNG (no IHDR header)");
        }
        long w = Bytes.u32be(b, 16);
        long h = Bytes.u32be(b, 20);
        return new ImageHeader(ImageFormat.PNG, clamp(w), clamp(h));
    }

    private static ImageHeader webp(byte[] b) throws Rejected {
        if (b.length < 30) {
            throw new Rejected(false, "is not a valid WebP (header too short)");
        }
        if (Bytes.matches(b, 12, 'V', 'P', '8', ' ')) {
            if (!Bytes.matches(b, 23, 0x9D, 0x01, 0x2A)) {
                throw new Rejected(false, "is not a valid WebP (bad VP8 frame header)");
            }
            return new ImageHeader(ImageFormat.WEBP, Bytes.u16le(b, 26) & 0x3FFF, Bytes.u16le(b, 28) & 0x3FFF);
        }
        if (Bytes.matches(b, 12, 'V', 'P', '8', 'L')) {
            if ((b[20] & 0xFF) != 0x2F) {
                throw new Rejected(false, "is not a valid WebP (bad VP8L signature)");
            }
            long bits = Bytes.u32le(b, 21);
            return new ImageHeader(ImageFormat.WEBP, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
        }
        if (Bytes.matches(b, 12, 'V', 'P', '8', 'X')) {
            return new ImageHeader(ImageFormat.WEBP, Bytes.u24le(b, 24) + 1, Bytes.u24le(b, 27) + 1);
        }
        throw new Rejected(false, "is not a valid WebP (unknown first chunk)");
    }

    private static ImageHeader bmp(byte[] b) throws Rejected {
        long dib = Bytes.u32le(b, 14);
        if (dib == 12) {
            if (b.length < 22) {
                throw new Rejected(false, "is not a valid BMP (header too short)");
            }
            return new ImageHeader(ImageFormat.BMP, Bytes.u16le(b, 18), Bytes.u16le(b, 20));
        }
        if (b.length < 26) {
            throw new Rejected(false, "is not a valid BMP (header too short)");
        }
        int w = (int) Bytes.u32le(b, 18);
        int h = (int) Bytes.u32le(b, 22);
        return new ImageHeader(ImageFormat.BMP, w, h == Integer.MIN_VALUE ? 0 : Math.abs(h));
    }

    private static String describeContent(byte[] b) {
        if (Bytes.matches(b, 0, '%', 'P', 'D', 'F')) {
            return ": it is a PDF";
        }
        if (Bytes.matches(b, 0, 'P', 'K', 3, 4)) {
            return ": it is a ZIP archive";
        }
        String head = new String(b, 0, Math.min(b.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1)
                .trim().toLowerCase(java.util.Locale.ROOT);
        if (head.startsWith("<?xml") || head.contains("<svg")) {
            return ": it looks like SVG/XML, which is never accepted";
        }
        if (head.startsWith("<")) {
            return ": it looks like HTML or XML";
        }
        return ", not its name or Content-Type";
    }

    private static int lastIndexOf(byte[] b, int... seq) {
        outer:
        for (int i = b.length - seq.length; i >= 0; i--) {
            for (int j = 0; j < seq.length; j++) {
                if ((b[i + j] & 0xFF) != seq[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int lastNonZero(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != 0) {
                return b[i] & 0xFF;
            }
        }
        return -1;
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }
}
