package com.greenvue.images.upload;

import com.greenvue.images.api.ApiException;
import com.greenvue.images.processing.ProcessingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
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

    /** Checks one part and returns its header; the bytes are read once here and discarded. */
    ImageHeader checkPart(IncomingImage part, int index) {
        long size = part.size();
        if (size > config.maxFileBytes()) {
            throw refused(413, "file_too_large", part, index, "is " + size + " bytes; the limit is "
                    + config.maxFileBytes() + " bytes per image");
        }
        if (size == 0) {
            throw refused(400, "empty_file", part, index, "is empty");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(part.file());
        } catch (IOException e) {
            throw refused(400, "unreadable_part", part, index, "could not be read: " + e.getMessage());
        }
        try {
            ImageHeader header = ImageSniffer.inspect(bytes);
            if (header.pixels() > processing.maxPixels()) {
                throw refused(413, "image_too_large", part, index, "declares " + header.width() + "x"
                        + header.height() + " pixels (" + header.pixels() + "); the limit is "
                        + processing.maxPixels() + " pixels");
            }
            ImageSniffer.checkComplete(header, bytes);
            return header;
        } catch (ImageSniffer.Rejected r) {
            throw refused(r.unsupported ? 415 : 400, r.unsupported ? "unsupported_image_type" : "invalid_image",
                    part, index, r.getMessage());
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
