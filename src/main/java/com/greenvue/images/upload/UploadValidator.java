package com.greenvue.images.upload;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.processing.ProcessingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each uploaded part before anything is queued: count, byte size, real type, declared
 * dimensions and visible truncation. Reads bytes, never decodes pixels. Every refusal names the
 * part so the client knows which one to fix.
 */
@ApplicationScoped
public class UploadValidator {

    @Inject
    UploadConfig config;
    @Inject
    ProcessingConfig processing;

    void checkRequest(List<IncomingImage> parts, String title) {
        if (parts == null || parts.isEmpty()) {
            throw new ApiException(400, "no_image", "The request has no file part. Send images as multipart/form-data "
                    + "file parts (for example -F images=@photo.jpg).");
        }
        if (parts.size() > config.maxFiles()) {
            throw new ApiException(413, "too_many_files", "The request has " + parts.size()
                    + " file parts; at most " + config.maxFiles() + " are accepted per request.",
                    Map.of("max_files", config.maxFiles(), "file_count", parts.size()));
        }
        if (title != null && title.length() > config.maxTitleLength()) {
            throw new ApiException(400, "listing_title_too_long", "listing_title has " + title.length()
                    + " characters; at most " + config.maxTitleLength() + " are accepted.",
                    Map.of("field", "listing_title", "max_length", config.maxTitleLength()));
        }
    }

    /**
     * Checks one part and returns its header. Reads the head and tail of the spooled file (all of
     * it only when those do not settle a check) and keeps nothing.
     */
    ImageHeader checkPart(IncomingImage part, int index) {
        long size = part.size();
        if (size > config.maxFileBytes()) {
            throw refused(413, "file_too_large", part, index, "is " + size + " bytes; the limit is "
                    + config.maxFileBytes() + " bytes per image");
        }
        if (size == 0) {
            throw refused(400, "empty_file", part, index, "is empty");
        }
        if (part.file() == null) {
            // a part the multipart parser kept as a text field (no filename and a text Content-Type)
            throw refused(400, "not_a_file_part", part, index, "is a text field, not a file: send each image as a "
                    + "file part (curl -F images=@photo.jpg) or with its image Content-Type");
        }
        try (PartBytes bytes = new PartBytes(part.file(), size)) {
            ImageHeader header = header(bytes);
            if (header.pixels() > processing.maxPixels()) {
                throw refused(413, "image_too_large", part, index, "declares " + header.width() + "x"
                        + header.height() + " pixels (" + header.pixels() + "); the limit is "
                        + processing.maxPixels() + " pixels");
            }
            header = checkComplete(header, bytes);
            if (header.pixels() > processing.maxPixels()) {
                // a GIF's first frame, found past the head, is larger than its logical screen
                throw refused(413, "image_too_large", part, index, "declares " + header.width() + "x"
                        + header.height() + " pixels (" + header.pixels() + "); the limit is "
                        + processing.maxPixels() + " pixels");
            }
            return header;
        } catch (IOException e) {
            throw refused(400, "unreadable_part", part, index, "could not be read: " + e.getMessage());
        } catch (ImageSniffer.Rejected r) {
            throw refused(r.unsupported ? 415 : 400, r.unsupported ? "unsupported_image_type" : "invalid_image",
                    part, index, r.getMessage());
        }
    }

    /**
     * Type and dimensions from the head of the file; all bytes only when the head does not settle
     * it (a frame header beyond the first 256 KB, or a refusal), so the verdict is the whole file's.
     */
    static ImageHeader header(PartBytes bytes) throws IOException, ImageSniffer.Rejected {
        try {
            return ImageSniffer.inspect(bytes.head());
        } catch (ImageSniffer.Rejected r) {
            // only a JPEG's header can lie past the head (its frame header after large segments);
            // every other verdict is settled by the first bytes, so no other part is read whole
            if (bytes.headIsWhole() || ImageSniffer.detect(bytes.head()) != ImageFormat.JPEG) {
                throw r;
            }
            return ImageSniffer.inspect(bytes.whole());
        }
    }

    /**
     * Truncation from the last 64 KB for JPEG and PNG (an end marker there means the whole file
     * passes too); the JPEG scan walk over the head, a true prefix (a header glued to another
     * file shows it right after the header). WebP and BMP from the header and the file's length
     * (their checks compare declared sizes with it); GIF's block walk through a small window over
     * the file, never the whole file in memory. All bytes only for small files, and for JPEG and
     * PNG when the partial reads refuse, so a refusal is always the whole file's verdict. Answers
     * the header, grown to a GIF's first frame when the walk found it larger.
     */
    static ImageHeader checkComplete(ImageHeader header, PartBytes bytes) throws IOException, ImageSniffer.Rejected {
        if (bytes.headIsWhole()) {
            ImageSniffer.checkComplete(header, bytes.whole());
            return header;
        }
        switch (header.format()) {
            case WEBP, BMP -> {
                ImageSniffer.checkEndBySize(header, bytes.head(), bytes.size());
                return header;
            }
            case GIF -> {
                if (bytes.lastNonZero() != 0x3B) {
                    throw new ImageSniffer.Rejected(false,
                            "is truncated: the gif data ends before the image does (no GIF trailer)");
                }
                int[] extent = new int[2];
                ImageSniffer.checkGifBlocks(bytes, extent);
                return extent[0] > header.width() || extent[1] > header.height()
                        ? new ImageHeader(ImageFormat.GIF, Math.max(extent[0], header.width()),
                                Math.max(extent[1], header.height()))
                        : header;
            }
            default -> {
                try {
                    ImageSniffer.checkEnd(header, bytes.tail());
                    if (header.format() == ImageFormat.JPEG) {
                        ImageSniffer.checkJpegScans(bytes.head());
                    }
                    return header;
                } catch (ImageSniffer.Rejected r) {
                    // judged again below on every byte
                }
                ImageSniffer.checkComplete(header, bytes.whole());
                return header;
            }
        }
    }

    /**
     * One part's bytes read only as far as a check needs them: the first 256 KB, the last 64 KB,
     * or (rarely) everything. Keeps multi-megabyte photos off the heap on the request path.
     */
    static final class PartBytes implements AutoCloseable, ImageSniffer.Bytes {
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
            if (windowStart < 0 || i < windowStart || i >= windowStart + window.limit()) {
                if (window == null) {
                    window = ByteBuffer.allocate(WINDOW_BYTES);
                    heapBytes += WINDOW_BYTES;
                }
                fill(i);
            }
            return window.get((int) (i - windowStart)) & 0xFF;
        }

        /** The last byte that is not zero (GIF's trailer check), scanning back through the window. */
        int lastNonZero() throws IOException {
            for (long i = size - 1; i >= 0; i--) {
                if (windowStart < 0 || i < windowStart || i >= windowStart + window.limit()) {
                    if (window == null) {
                        window = ByteBuffer.allocate(WINDOW_BYTES);
                        heapBytes += WINDOW_BYTES;
                    }
                    fill(Math.max(0, i - WINDOW_BYTES + 1));
                }
                int b = window.get((int) (i - windowStart)) & 0xFF;
                if (b != 0) {
                    return b;
                }
            }
            return -1;
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

    private static ApiException refused(int status, String code, IncomingImage part, int index, String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("part", part.name());
        details.put("file_name", part.fileName());
        details.put("index", index);
        String label = "Part '" + part.name() + "'" + (part.fileName() == null ? "" : " (" + part.fileName() + ")")
                + " #" + (index + 1);
        return new ApiException(status, code, label + " " + why + ". Nothing from this request was queued.", details);
    }
}
