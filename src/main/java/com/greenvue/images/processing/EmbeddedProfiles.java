package com.greenvue.images.processing;

import com.greenvue.images.bytes.Bytes;
import com.greenvue.images.bytes.JpegSegments;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Where each format keeps its ICC profile, found in the encoded bytes: a JPEG's APP2
 * ICC_PROFILE chunks, a PNG's iCCP chunk (deflated, at most 4 MB inflated), an extended WebP's
 * ICCP chunk. Only headers are read; whether and how to use the profile is {@link IccProfiles}'
 * call. metadata-extractor parses the same chunks but keeps only the profile's tags, not its
 * bytes, which {@link java.awt.color.ICC_Profile} needs, nor where the JPEG segments lie.
 */
final class EmbeddedProfiles {

    static final int MAX_PROFILE_BYTES = 4 << 20;

    /**
     * A JPEG's profile, its chunks joined in sequence order; the component count of its frame
     * header (0 when none was found); and the APP2 segments that hold it, as {start, end} pairs.
     */
    record JpegProfile(byte[] data, int components, List<int[]> segments) {
    }

    private EmbeddedProfiles() {
    }

    /**
     * The ICC_PROFILE chunks before the first scan, or null when there are none, they do not fit
     * together, or a segment runs past the bytes.
     */
    static JpegProfile jpeg(byte[] b) {
        byte[][] chunks = null;
        List<int[]> segments = new ArrayList<>();
        int components = 0;
        JpegSegments walk = new JpegSegments(b);
        for (JpegSegments.Segment s; (s = walk.next()) != null && s.marker() != JpegSegments.SOS; ) {
            int p = s.position(), len = s.length();
            if (s.end() > b.length) {
                return null; // a header cut short: the decoder judges it, with its bytes untouched
            }
            if (s.marker() == JpegSegments.APP2 && len >= 16 && Bytes.matches(b, p + 4, "ICC_PROFILE\0")) {
                int seq = b[p + 16] & 0xFF, count = b[p + 17] & 0xFF;
                if (count == 0 || seq == 0 || seq > count) {
                    return null;
                }
                if (chunks == null) {
                    chunks = new byte[count][];
                }
                if (count != chunks.length || chunks[seq - 1] != null) {
                    return null;
                }
                chunks[seq - 1] = Arrays.copyOfRange(b, p + 18, s.end());
                segments.add(new int[] {p, s.end()});
            } else if (s.isFrameHeader() && len >= 8) {
                components = b[p + 9] & 0xFF;
            }
        }
        if (chunks == null) {
            return null;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            if (c == null) {
                return null;
            }
            all.writeBytes(c);
        }
        return new JpegProfile(all.toByteArray(), components, segments);
    }

    /** A copy of the JPEG without the given segments ({start, end} pairs in file order). */
    static byte[] without(byte[] b, List<int[]> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        int from = 0;
        for (int[] s : segments) {
            out.write(b, from, s[0] - from);
            from = s[1];
        }
        out.write(b, from, b.length - from);
        return out.toByteArray();
    }

    /** The iCCP chunk's profile, inflated (at most 4 MB), or null; only chunks before IDAT count. */
    static byte[] png(byte[] b) {
        int p = 8;
        while (p + 12 <= b.length) {
            int len = (int) Math.min(Integer.MAX_VALUE, Bytes.u32be(b, p));
            if (Bytes.matches(b, p + 4, "IDAT") || Bytes.matches(b, p + 4, "IEND") || p + 12L + len > b.length) {
                return null;
            }
            if (Bytes.matches(b, p + 4, "iCCP")) {
                int name = p + 8, end = p + 8 + len;
                while (name < end && b[name] != 0) {
                    name++;
                }
                if (name + 2 > end || b[name + 1] != 0) {
                    return null;
                }
                return inflate(b, name + 2, end - name - 2);
            }
            p += 12 + len;
        }
        return null;
    }

    /** The ICCP chunk of an extended (VP8X) WebP, or null. */
    static byte[] webp(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            long size = Bytes.u32le(b, p + 4);
            if (p + 8 + size > b.length) {
                return null;
            }
            if (Bytes.matches(b, p, "ICCP")) {
                return Arrays.copyOfRange(b, p + 8, p + 8 + (int) size);
            }
            p += 8 + (int) size + (int) (size & 1);
        }
        return null;
    }

    private static byte[] inflate(byte[] b, int off, int len) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, off, len);
            ByteArrayOutputStream out = new ByteArrayOutputStream(len * 3);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }
}
