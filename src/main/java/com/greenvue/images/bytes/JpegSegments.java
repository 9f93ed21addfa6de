package com.greenvue.images.bytes;

/**
 * Walks a JPEG's marker segments from just after SOI to end-of-image or the bytes' end: the one
 * walk behind the upload sniffer's frame header and scan checks, the decoder's progressive test
 * and the ICC profile extraction. Fill bytes (0xFF 0xFF) and parameterless markers (SOI, TEM,
 * RSTn) are skipped as libjpeg does. It stops, answering null, at EOI, when fewer than four
 * bytes are left, where a byte that should start a marker is not 0xFF ({@link #garbageAt()}), or
 * at a length field below 2 ({@link #badLengthAt()}); whether that is an error is the caller's
 * call. A segment may end past the bytes (a prefix of a file): see {@link Segment#end()}.
 */
public final class JpegSegments {

    public static final int SOS = 0xDA;
    public static final int APP2 = 0xE2;

    /**
     * One segment: its marker, where its 0xFF is, and its length field (the bytes after the
     * marker, the two length bytes included).
     */
    public record Segment(int marker, int position, int length) {

        /** Just past the segment; may lie beyond the bytes. */
        public int end() {
            return position + 2 + length;
        }

        /** A start-of-frame (SOFn) segment, the one with the image's size and component count. */
        public boolean isFrameHeader() {
            return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        }

        /** A progressive frame header (SOF2, SOF6, SOF10, SOF14). */
        public boolean isProgressiveFrame() {
            return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
        }
    }

    private final byte[] b;
    private int next = 2;
    private int garbageAt = -1;
    private int badLengthAt = -1;

    public JpegSegments(byte[] b) {
        this.b = b;
    }

    /** The next segment with a length field, or null when the walk is over (see the class comment). */
    public Segment next() {
        int i = next;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                garbageAt = i;
                return null;
            }
            int m = b[i + 1] & 0xFF;
            if (m == 0xFF) {
                i++;
                continue;
            }
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                i += 2;
                continue;
            }
            if (m == 0xD9) {
                return null;
            }
            int len = Bytes.u16be(b, i + 2);
            if (len < 2) {
                badLengthAt = i;
                return null;
            }
            next = i + 2 + len;
            return new Segment(m, i, len);
        }
        return null;
    }

    /** Where a marker was expected and another byte found, or -1. */
    public int garbageAt() {
        return garbageAt;
    }

    /** Where a segment with a length below 2 starts, or -1. */
    public int badLengthAt() {
        return badLengthAt;
    }
}
