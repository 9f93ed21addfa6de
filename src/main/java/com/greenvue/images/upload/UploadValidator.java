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
            checkComplete(header, bytes);
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
            if (bytes.headIsWhole()) {
                throw r;
            }
            return ImageSniffer.inspect(bytes.whole());
        }
    }

    /**
     * Truncation from the last 64 KB for JPEG and PNG (an end marker there means the whole file
     * passes too); the JPEG scan walk over the head, a true prefix (a header glued to another
     * file shows it right after the header). All bytes for small files, GIF (its block walk needs
     * every block) and WebP/BMP (their checks compare header sizes with the file length), and
     * whenever the partial reads refuse, so a refusal is always the whole file's verdict.
     */
    static void checkComplete(ImageHeader header, PartBytes bytes) throws IOException, ImageSniffer.Rejected {
        boolean partial = !bytes.headIsWhole()
                && (header.format() == ImageFormat.JPEG || header.format() == ImageFormat.PNG);
        if (partial) {
            try {
                ImageSniffer.checkEnd(header, bytes.tail());
                if (header.format() == ImageFormat.JPEG) {
                    ImageSniffer.checkJpegScans(bytes.head());
                }
                return;
            } catch (ImageSniffer.Rejected r) {
                // judged again below on every byte
            }
        }
        ImageSniffer.checkComplete(header, bytes.whole());
    }

    /**
     * One part's bytes read only as far as a check needs them: the first 256 KB, the last 64 KB,
     * or (rarely) everything. Keeps multi-megabyte photos off the heap on the request path.
     */
    static final class PartBytes implements AutoCloseable {
        static final int HEAD_BYTES = 256 * 1024, TAIL_BYTES = 64 * 1024;

        private final Path file;
        private final long size;
        private FileChannel channel;
        private byte[] head, tail;

        PartBytes(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        /** Whether {@link #head()} already holds every byte (small files are read at once). */
        boolean headIsWhole() {
            return size <= HEAD_BYTES + TAIL_BYTES;
        }

        byte[] head() throws IOException {
            if (head == null) {
                head = headIsWhole() ? Files.readAllBytes(file) : read(0, HEAD_BYTES);
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
            return headIsWhole() ? head() : Files.readAllBytes(file);
        }

        private byte[] read(long position, int length) throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            ByteBuffer buf = ByteBuffer.allocate(length);
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
