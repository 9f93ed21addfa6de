package com.greenvue.images.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One part's bytes read only as far as a check needs them: the first 256 KB, the last 64 KB,
 * or (rarely) everything. Keeps multi-megabyte photos off the heap on the request path.
 */
final class PartBytes implements AutoCloseable, ByteSource {
    static final int HEAD_BYTES = 256 * 1024, TAIL_BYTES = 64 * 1024, WINDOW_BYTES = 64 * 1024;

    private final Path file;
    private final long size;
    private FileChannel channel;
    private byte[] head, tail;
    /** The positional window ({@link #at}) and where it starts in the file. */
    private ByteBuffer window;
    private long windowStart = -1;
    /** Bytes of this part ever put on the heap, for tests that keep the request path lean. */
    private long heapBytes;

    PartBytes(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    long size() {
        return size;
    }

    long heapBytes() {
        return heapBytes;
    }

    @Override
    public long length() {
        return size;
    }

    /** One byte by position, through a reused 64 KB window: a forward walk reads the file once. */
    @Override
    public int at(long i) throws IOException {
        if (!inWindow(i)) {
            load(i);
        }
        return window.get((int) (i - windowStart)) & 0xFF;
    }

    /** The last byte that is not zero (GIF's trailer check), scanning back through the window. */
    int lastNonZero() throws IOException {
        for (long i = size - 1; i >= 0; i--) {
            if (!inWindow(i)) {
                load(Math.max(0, i - WINDOW_BYTES + 1));
            }
            int b = window.get((int) (i - windowStart)) & 0xFF;
            if (b != 0) {
                return b;
            }
        }
        return -1;
    }

    private boolean inWindow(long i) {
        return windowStart >= 0 && i >= windowStart && i < windowStart + window.limit();
    }

    /** Fills the window from {@code position}, allocating it on first use. */
    private void load(long position) throws IOException {
        if (window == null) {
            window = ByteBuffer.allocate(WINDOW_BYTES);
            heapBytes += WINDOW_BYTES;
        }
        fill(position);
    }

    private void fill(long position) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        window.clear();
        window.limit((int) Math.min(WINDOW_BYTES, size - position));
        while (window.hasRemaining()) {
            if (channel.read(window, position + window.position()) < 0) {
                throw new IOException("file shorter than its declared " + size + " bytes");
            }
        }
        window.flip();
        windowStart = position;
    }

    /** Whether {@link #head()} already holds every byte (small files are read at once). */
    boolean headIsWhole() {
        return size <= HEAD_BYTES + TAIL_BYTES;
    }

    byte[] head() throws IOException {
        if (head == null) {
            head = headIsWhole() ? Files.readAllBytes(file) : read(0, HEAD_BYTES);
            heapBytes += headIsWhole() ? head.length : 0;
        }
        return head;
    }

    byte[] tail() throws IOException {
        if (headIsWhole()) {
            return head();
        }
        if (tail == null) {
            tail = read(size - TAIL_BYTES, TAIL_BYTES);
        }
        return tail;
    }

    byte[] whole() throws IOException {
        if (headIsWhole()) {
            return head();
        }
        heapBytes += size;
        return Files.readAllBytes(file);
    }

    private byte[] read(long position, int length) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        heapBytes += length;
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("file shorter than its declared " + size + " bytes");
            }
        }
        return buf.array();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
