package com.greenvue.images.upload;

import com.greenvue.images.bytes.Bytes;
import com.greenvue.images.upload.ImageSniffer.Rejected;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * GIF for {@link ImageSniffer}: the size a decoder allocates (the logical screen, grown to the
 * first frame), and the block structure walked to the trailer. Linear in the size; nothing is
 * decompressed.
 */
final class GifSniffer {

    private GifSniffer() {
    }

    /**
     * The logical screen, grown to the first frame's extent: decoders allocate the frame as its
     * descriptor declares, so a small screen with a huge first frame is still a bomb.
     */
    static ImageHeader header(byte[] b) throws Rejected {
        if (b.length < 13) {
            throw new Rejected(false, "is not a valid GIF (header too short)");
        }
        int width = Bytes.u16le(b, 6);
        int height = Bytes.u16le(b, 8);
        ByteSource s = ByteSource.of(b);
        try {
            long i = afterColourTable(13, b[10] & 0xFF);
            while (i < b.length) {
                int block = s.at(i);
                if (block == 0x21) {
                    i = skipSubBlocks(s, i + 2);
                } else {
                    if (block == 0x2C && i + 9 < b.length) {
                        int[] extent = extent(s.bytes(i, 10));
                        width = Math.max(width, extent[0]);
                        height = Math.max(height, extent[1]);
                    }
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // bytes in memory: not thrown
        }
        return new ImageHeader(ImageFormat.GIF, width, height);
    }

    /**
     * Walks the GIF block structure (extensions, frames with their LZW data, trailer): a file
     * that only starts like a GIF — the classic "GIF89a/*...* /=alert(1);" script polyglot — stops
     * at its first byte that is no block.
     */
    static void checkBlocks(byte[] b) throws Rejected {
        try {
            checkBlocks(ByteSource.of(b), new int[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #checkBlocks(byte[])} over bytes read by position, so a large GIF is walked
     * without being held in memory. Records the first frame's right and bottom edge in {@code extent}
     * (a frame larger than the logical screen is what a decoder allocates).
     */
    static void checkBlocks(ByteSource b, int[] extent) throws Rejected, IOException {
        long length = b.length();
        long i = afterColourTable(13, b.at(10));
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
                byte[] descriptor = b.bytes(i, 10);
                if (frames == 0) {
                    int[] e = extent(descriptor);
                    extent[0] = e[0];
                    extent[1] = e[1];
                }
                i = afterColourTable(i + 10, descriptor[9] & 0xFF);
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

    /** The right and bottom edge of a frame, from its 10-byte image descriptor (0x2C, left, top, width, height, flags). */
    private static int[] extent(byte[] descriptor) {
        return new int[] {Bytes.u16le(descriptor, 1) + Bytes.u16le(descriptor, 5),
                Bytes.u16le(descriptor, 3) + Bytes.u16le(descriptor, 7)};
    }

    /** Just past a colour table, when {@code flags} (the screen's or a frame's) say one follows at {@code i}. */
    private static long afterColourTable(long i, int flags) {
        return i + ((flags & 0x80) != 0 ? 3L * (1 << ((flags & 0x07) + 1)) : 0);
    }

    private static long skipSubBlocks(ByteSource b, long i) throws IOException {
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
}
