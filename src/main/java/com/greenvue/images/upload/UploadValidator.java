package com.greenvue.images.upload;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.processing.ProcessingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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
            // a part the multipart reader kept as a text field (no filename and a text Content-Type)
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
                GifSniffer.checkBlocks(bytes, extent);
                return extent[0] > header.width() || extent[1] > header.height()
                        ? new ImageHeader(ImageFormat.GIF, Math.max(extent[0], header.width()),
                                Math.max(extent[1], header.height()))
                        : header;
            }
            default -> {
                try {
                    ImageSniffer.checkEnd(header, bytes.tail());
                    if (header.format() == ImageFormat.JPEG) {
                        JpegSniffer.checkScans(bytes.head());
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
