package com.greenvue.images.bytes;

/**
 * Walks a JPEG's marker segments from just after SOI to end-of-image or the bytes' end: the one
 * walk behind the upload sniffer's frame header and scan checks, the decoder's progressive test
 * and the ICC profile extraction. Fill bytes (0xFF 0xFF) and parameterless markers (SOI, TEM,
 * RSTn) are skipped as libjpeg does. It stops, answering false, at EOI, when fewer than four
 * bytes are left, where a byte that should start a marker is not 0xFF ({@link #garbageAt()}), or
 * at a length field below 2 ({@link #badLengthAt()}); whether that is an error is the caller's
 * call. A segment may end past the bytes (a prefix of a file): see {@link #end()}.
 */
public final class JpegSegments {

    public static final int SOS = 0xDA;
    public static final int APP2 = 0xE2;

    private final byte[] b;
    private int next = 2;
    private int position = -1;
    private int marker = -1;
    private int length;
    private int garbageAt = -1;
    private int badLengthAt = -1;

    public JpegSegments(byte[] b) {
        this.b = b;
    }

    /** Moves to the next segment with a length field; false when the walk is over (see the class comment). */
    public boolean next() {
        int i = next;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                garbageAt = i;
                return false;
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
                return false;
            }
            int len = Bytes.u16be(b, i + 2);
            if (len < 2) {
                badLengthAt = i;
                return false;
            }
            position = i;
            marker = m;
            length = len;
            next = i + 2 + len;
            return true;
        }
        return false;
    }

    public int marker() {
        return marker;
    }

    /** Where the current segment's 0xFF is. */
    public int position() {
        return position;
    }

    /** The segment's length field: its bytes after the marker, the two length bytes included. */
    public int length() {
        return length;
    }

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

    /** Where a marker was expected and another byte found, or -1. */
    public int garbageAt() {
        return garbageAt;
    }

    /** Where a segment with a length below 2 starts, or -1. */
    public int badLengthAt() {
        return badLengthAt;
    }
}
