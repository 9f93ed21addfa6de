package com.greenvue.images.upload;

import com.greenvue.images.bytes.Bytes;
import com.greenvue.images.bytes.JpegSegments;
import com.greenvue.images.upload.ImageSniffer.Rejected;

/**
 * JPEG for {@link ImageSniffer}: the frame header's size, and the scan data checked for
 * markers no JPEG has there. Reads the segment headers and walks the compressed bytes once;
 * decodes nothing.
 */
final class JpegSniffer {

    private JpegSniffer() {
    }

    static ImageHeader header(byte[] b) throws Rejected {
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
        JpegSegments walk = new JpegSegments(b);
        for (JpegSegments.Segment s; (s = walk.next()) != null; ) {
            int i = s.position();
            if (s.isFrameHeader() && size[0] < 0 && i + 9 <= b.length) {
                size[0] = Bytes.u16be(b, i + 7);
                size[1] = Bytes.u16be(b, i + 5);
            }
            if (s.marker() == JpegSegments.SOS) {
                return s.end();
            }
        }
        if (walk.garbageAt() >= 0) {
            throw new Rejected(false, "is not a valid JPEG (garbage where a marker should be at byte "
                    + walk.garbageAt() + ")");
        }
        if (walk.badLengthAt() >= 0) {
            throw badLength(walk.badLengthAt());
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
    static void checkScans(byte[] b) throws Rejected {
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
                int len = Bytes.u16be(b, i + 2);
                if (len < 2) {
                    throw badLength(i);
                }
                i += 2 + len;
            } else {
                throw new Rejected(false, String.format("is not a valid JPEG (the image data holds marker 0xFF%02X at "
                        + "byte %d, which no JPEG has there: the header is followed by something else)", m, i));
            }
        }
    }

    private static Rejected badLength(int at) {
        return new Rejected(false, "is not a valid JPEG (bad segment length at byte " + at + ")");
    }
}
