package com.greenvue.images.bytes;

/**
 * Unsigned integers and signatures read from image bytes, big- and little-endian: the one set
 * of readers the upload sniffer and the pipeline's header parsers share. A read that would run
 * past the end answers 0 (or false), so a truncated header reads as an implausible value that
 * the caller rejects, never as an exception.
 */
public final class Bytes {

    private Bytes() {
    }

    public static int u16be(byte[] b, int i) {
        return fits(b, i, 2) ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : 0;
    }

    public static int u16le(byte[] b, int i) {
        return fits(b, i, 2) ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : 0;
    }

    public static int u24le(byte[] b, int i) {
        return fits(b, i, 3) ? u16le(b, i) | (b[i + 2] & 0xFF) << 16 : 0;
    }

    public static long u32be(byte[] b, int i) {
        return fits(b, i, 4) ? (long) u16be(b, i) << 16 | u16be(b, i + 2) : 0;
    }

    public static long u32le(byte[] b, int i) {
        return fits(b, i, 4) ? u16le(b, i) | (long) u16le(b, i + 2) << 16 : 0;
    }

    /** Whether the bytes at {@code off} are {@code sig} (each an unsigned byte value or a character). */
    public static boolean matches(byte[] b, int off, int... sig) {
        if (!fits(b, off, sig.length)) {
            return false;
        }
        for (int k = 0; k < sig.length; k++) {
            if ((b[off + k] & 0xFF) != (sig[k] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes at {@code off} are the ISO-8859-1 characters of {@code s} (chunk names, "ICC_PROFILE\0"). */
    public static boolean matches(byte[] b, int off, String s) {
        if (!fits(b, off, s.length())) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if ((b[off + k] & 0xFF) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(byte[] b, int i, int n) {
        return i >= 0 && i <= b.length - n;
    }
}
