package com.greenvue.images.upload;

import java.io.IOException;

/**
 * Tells an image's real type, dimensions and completeness from its bytes: magic numbers and
 * header fields only, never a decoded pixel, so it is cheap on the request path and safe against
 * decompression bombs. File names and Content-Types are never consulted.
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
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return ImageFormat.GIF;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return ImageFormat.WEBP;
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 18) {
            long dib = le32(b, 14);
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
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case GIF -> gif(b);
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
            checkJpegScans(b);
        } else if (h.format() == ImageFormat.GIF) {
            checkGifBlocks(b);
        }
    }

    /**
     * Truncation the bytes show: JPEG without end-of-image, PNG without IEND, short RIFF/GIF/BMP.
     * For JPEG, PNG and GIF the file's last bytes are enough.
     */
    static void checkEnd(ImageHeader h, byte[] b) throws Rejected {
        boolean complete = switch (h.format()) {
            case JPEG -> lastIndexOf(b, 0xFF, 0xD9) > lastIndexOf(b, 0xFF, 0xDA);
            case PNG -> lastIndexOf(b, 'I', 'E', 'N', 'D') > 8;
            case GIF -> lastNonZero(b) == 0x3B;
            case WEBP -> le32(b, 4) + 8 <= b.length;
            case BMP -> le32(b, 10) < b.length && (le32(b, 2) == 0 || le32(b, 2) <= b.length);
        };
        if (!complete) {
            throw new Rejected(false, "is truncated: the " + h.format().json() + " data ends before the image does ("
                    + switch (h.format()) {
                        case JPEG -> "no end-of-image marker after the image data";
                        case PNG -> "no IEND chunk";
                        case GIF -> "no GIF trailer";
                        case WEBP -> "RIFF size larger than the file";
                        case BMP -> "file shorter than its header says";
                    } + ")");
        }
    }

    private static ImageHeader jpeg(byte[] b) throws Rejected {
        int[] size = {-1, -1};
        walkToFirstScan(b, size);
        if (size[0] < 0) {
            throw new Rejected(false, "is not a valid JPEG (no frame header with its dimensions)");
        }
        return new ImageHeader(ImageFormat.JPEG, size[0], size[1]);
    }

    /**
     * Walks the marker segments from SOI to the first start-of-scan, recording the first frame
     * header's width and height in {@code size}. Returns the index just past the start-of-scan
     * header, or -1 when the bytes (or the image) end first. The one walk both the header read
     * and the scan check use; {@code b} must start at the file's first byte.
     */
    private static int walkToFirstScan(byte[] b, int[] size) throws Rejected {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new Rejected(false, "is not a valid JPEG (garbage where a marker should be at byte " + i + ")");
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            if (marker == 0xD9) {
                return -1;
            }
            int len = u16(b, i + 2);
            if (len < 2) {
                throw new Rejected(false, "is not a valid JPEG (bad segment length at byte " + i + ")");
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && size[0] < 0 && i + 9 <= b.length) {
                size[0] = u16(b, i + 7);
                size[1] = u16(b, i + 5);
            }
            i += 2 + len;
            if (marker == 0xDA) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Walks the compressed data after the first start-of-scan up to end-of-image: there every 0xFF
     * is stuffed (0xFF00), a restart marker, fill, or a segment allowed between scans. Anything
     * else means the "image data" is not JPEG (a real header glued to garbage or another file).
     * A linear scan of bytes already in memory; no pixel is decoded. {@code b} is the whole file
     * or a prefix of it (never a tail).
     */
    static void checkJpegScans(byte[] b) throws Rejected {
        int i = walkToFirstScan(b, new int[] {-1, -1});
        if (i < 0) {
            return;
        }
        while (i + 1 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            int m = b[i + 1] & 0xFF;
            if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                i += 2;
            } else if (m == 0xFF) {
                i++;
            } else if (m == 0xD9) {
                return; // end of image: trailing bytes are never decoded nor kept (the output is re-encoded)
            } else if (m == 0xC4 || m == 0xCC || (m >= 0xDA && m <= 0xDF) || (m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
                int len = u16(b, i + 2);
                if (len < 2) {
                    throw new Rejected(false, "is not a valid JPEG (bad segment length at byte " + i + ")");
                }
                i += 2 + len;
            } else {
                throw new Rejected(false, String.format("is not a valid JPEG (the image data holds marker 0xFF%02X at "
                        + "byte %d, which no JPEG has there: the header is followed by something else)", m, i));
            }
        }
    }

    /** Bytes read by position: a whole file in memory, or a file read through a small window. */
    interface Bytes {
        long length();

        /** The unsigned byte at {@code i}, which is below {@link #length()}. */
        int at(long i) throws IOException;

        static Bytes of(byte[] b) {
            return new Bytes() {
                @Override
                public long length() {
                    return b.length;
                }

                @Override
                public int at(long i) {
                    return b[(int) i] & 0xFF;
                }
            };
        }
    }

    /**
     * Walks the GIF block structure (extensions, frames with their LZW data, trailer): a file
     * that only starts like a GIF — the classic "GIF89a/*...* /=alert(1);" script polyglot — stops
     * at its first byte that is no block. Linear in the size, nothing is decompressed.
     */
    static void checkGifBlocks(byte[] b) throws Rejected {
        try {
            checkGifBlocks(Bytes.of(b), new int[2]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@link #checkGifBlocks(byte[])} over bytes read by position, so a large GIF is walked
     * without being held in memory. Records the first frame's right and bottom edge in {@code extent}
     * (a frame larger than the logical screen is what a decoder allocates).
     */
    static void checkGifBlocks(Bytes b, int[] extent) throws Rejected, IOException {
        long length = b.length();
        int flags = b.at(10);
        long i = 13 + ((flags & 0x80) != 0 ? 3L * (1 << ((flags & 0x07) + 1)) : 0);
        int frames = 0;
        while (i < length) {
            int block = b.at(i);
            if (block == 0x3B) {
                if (frames == 0) {
                    throw new Rejected(false, "is not a valid GIF (no image in it)");
                }
                return;
            }
            if (block == 0x21) {
                i = skipSubBlocks(b, i + 2);
            } else if (block == 0x2C) {
                if (i + 10 >= length) {
                    break;
                }
                if (frames == 0) {
                    extent[0] = (b.at(i + 1) | b.at(i + 2) << 8) + (b.at(i + 5) | b.at(i + 6) << 8);
                    extent[1] = (b.at(i + 3) | b.at(i + 4) << 8) + (b.at(i + 7) | b.at(i + 8) << 8);
                }
                int local = b.at(i + 9);
                i += 10 + ((local & 0x80) != 0 ? 3L * (1 << ((local & 0x07) + 1)) : 0);
                if (i >= length || b.at(i) < 1 || b.at(i) > 11) {
                    throw new Rejected(false, "is not a valid GIF (bad LZW code size in frame " + (frames + 1) + ")");
                }
                i = skipSubBlocks(b, i + 1);
                frames++;
            } else {
                throw new Rejected(false, String.format("is not a valid GIF (byte 0x%02X at %d is no GIF block: "
                        + "something else follows a GIF header)", block, i));
            }
        }
        throw new Rejected(false, "is truncated: the gif data ends before the image does (no GIF trailer)");
    }

    private static long skipSubBlocks(Bytes b, long i) throws IOException {
        long length = b.length();
        while (i < length) {
            int n = b.at(i);
            i += 1 + n;
            if (n == 0) {
                break;
            }
        }
        return i;
    }

    /**
     * The WebP and BMP truncation checks of {@link #checkEnd} from the header alone: both compare
     * sizes the header declares with the file's length, so {@code head} (the first bytes) and
     * {@code length} give the whole file's verdict.
     */
    static void checkEndBySize(ImageHeader h, byte[] head, long length) throws Rejected {
        boolean complete = switch (h.format()) {
            case WEBP -> le32(head, 4) + 8 <= length;
            case BMP -> le32(head, 10) < length && (le32(head, 2) == 0 || le32(head, 2) <= length);
            default -> throw new IllegalArgumentException("only WebP and BMP are judged by size: " + h.format());
        };
        if (!complete) {
            throw new Rejected(false, "is truncated: the " + h.format().json() + " data ends before the image does ("
                    + (h.format() == ImageFormat.WEBP ? "RIFF size larger than the file" : "file shorter than its header says")
                    + ")");
        }
    }

    private static ImageHeader png(byte[] b) throws Rejected {
        if (b.length < 24 || !startsWith(b, 12, 'I', 'H', 'D', 'R')) {
            throw new Rejected(false, "is not a valid PNG (no IHDR header)");
        }
        long w = be32(b, 16);
        long h = be32(b, 20);
        return new ImageHeader(ImageFormat.PNG, clamp(w), clamp(h));
    }

    /**
     * The logical screen, grown to the first frame's extent: decoders allocate the frame as its
     * descriptor declares, so a small screen with a huge first frame is still a bomb.
     */
    private static ImageHeader gif(byte[] b) throws Rejected {
        if (b.length < 13) {
            throw new Rejected(false, "is not a valid GIF (header too short)");
        }
        int width = u16le(b, 6);
        int height = u16le(b, 8);
        int flags = b[10] & 0xFF;
        int i = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 0x07) + 1)) : 0);
        while (i < b.length) {
            int block = b[i] & 0xFF;
            if (block == 0x21) {
                // extension: introducer, label, then data sub-blocks up to an empty one
                i += 2;
                while (i < b.length) {
                    int n = b[i] & 0xFF;
                    i += 1 + n;
                    if (n == 0) {
                        break;
                    }
                }
            } else if (block == 0x2C && i + 9 < b.length) {
                width = Math.max(width, u16le(b, i + 1) + u16le(b, i + 5));
                height = Math.max(height, u16le(b, i + 3) + u16le(b, i + 7));
                break;
            } else {
                break;
            }
        }
        return new ImageHeader(ImageFormat.GIF, width, height);
    }

    private static ImageHeader webp(byte[] b) throws Rejected {
        if (b.length < 30) {
            throw new Rejected(false, "is not a valid WebP (header too short)");
        }
        if (startsWith(b, 12, 'V', 'P', '8', ' ')) {
            if (!startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
                throw new Rejected(false, "is not a valid WebP (bad VP8 frame header)");
            }
            return new ImageHeader(ImageFormat.WEBP, u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L')) {
            if ((b[20] & 0xFF) != 0x2F) {
                throw new Rejected(false, "is not a valid WebP (bad VP8L signature)");
            }
            long bits = le32(b, 21);
            return new ImageHeader(ImageFormat.WEBP, (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
            return new ImageHeader(ImageFormat.WEBP, u24le(b, 24) + 1, u24le(b, 27) + 1);
        }
        throw new Rejected(false, "is not a valid WebP (unknown first chunk)");
    }

    private static ImageHeader bmp(byte[] b) throws Rejected {
        long dib = le32(b, 14);
        if (dib == 12) {
            if (b.length < 22) {
                throw new Rejected(false, "is not a valid BMP (header too short)");
            }
            return new ImageHeader(ImageFormat.BMP, u16le(b, 18), u16le(b, 20));
        }
        if (b.length < 26) {
            throw new Rejected(false, "is not a valid BMP (header too short)");
        }
        int w = (int) le32(b, 18);
        int h = (int) le32(b, 22);
        return new ImageHeader(ImageFormat.BMP, w, h == Integer.MIN_VALUE ? 0 : Math.abs(h));
    }

    private static String describeContent(byte[] b) {
        if (startsWith(b, 0, '%', 'P', 'D', 'F')) {
            return ": it is a PDF";
        }
        if (startsWith(b, 0, 'P', 'K', 3, 4)) {
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

    private static boolean startsWith(byte[] b, int off, int... sig) {
        if (b.length < off + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[off + i] & 0xFF) != (sig[i] & 0xFF)) {
                return false;
            }
        }
        return true;
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

    private static int u16(byte[] b, int i) {
        return i + 1 < b.length ? ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF) : 0;
    }

    private static int u16le(byte[] b, int i) {
        return i + 1 < b.length ? (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) : 0;
    }

    private static int u24le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16);
    }

    private static long be32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static long le32(byte[] b, int i) {
        if (i + 3 >= b.length) {
            return 0;
        }
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((long) (b[i + 3] & 0xFF) << 24);
    }
}
