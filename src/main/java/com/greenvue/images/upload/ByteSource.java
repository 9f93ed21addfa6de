package com.greenvue.images.upload;

import java.io.IOException;

/** Bytes read by position: a whole file in memory, or a file read through a small window ({@link PartBytes}). */
interface ByteSource {

    long length();

    /** The unsigned byte at {@code i}, which is below {@link #length()}. */
    int at(long i) throws IOException;

    /** The {@code n} bytes from {@code from}, all of them below {@link #length()}. */
    default byte[] bytes(long from, int n) throws IOException {
        byte[] out = new byte[n];
        for (int k = 0; k < n; k++) {
            out[k] = (byte) at(from + k);
        }
        return out;
    }

    static ByteSource of(byte[] b) {
        return new ByteSource() {
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
