package com.greenvue.images.upload;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.queue.NewImage;
import com.greenvue.images.storage.ImageStorage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts a set of images all or nothing: validates every one, names each by the slug rule and
 * queues them durably. Shared by the public upload endpoint and the debug endpoint so both
 * follow the same rules. Never decodes pixels.
 */
@ApplicationScoped
public class Intake {

    private static final Logger LOG = Logger.getLogger(Intake.class);

    @Inject
    UploadValidator validator;
    @Inject
    ImageQueue queue;
    @Inject
    ImageStorage storage;
    @Inject
    MeterRegistry metrics;

    public List<ImageRecord> accept(List<IncomingImage> images, String listingTitle, String requestId) {
        return accept(images, listingTitle, requestId, null);
    }

    /**
     * With an {@code idempotencyKey} seen before (within the window), answers the first request's
     * images again and queues nothing new.
     */
    public List<ImageRecord> accept(List<IncomingImage> images, String listingTitle, String requestId,
            String idempotencyKey) {
        validator.checkRequest(images, listingTitle);
        Instant now = Instant.now();
        List<NewImage> accepted = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            IncomingImage part = images.get(i);
            ImageHeader header = validator.checkPart(part, i);
            UUID id = UUID.randomUUID();
            String fileName = FileNames.fileName(listingTitle, id);
            ImageRecord record = ImageRecord.pending(id, fileName, storage.publicUrl(fileName), listingTitle,
                    header.format().json(), part.size(), header.width(), header.height(), part.name(), i, requestId, now);
            accepted.add(new NewImage(record, part.file()));
        }
        ImageQueue.Intake result = queue.enqueue(accepted, idempotencyKey,
                idempotencyKey == null ? null : fingerprint(images, listingTitle));
        List<ImageRecord> queued = result.records();
        if (result.replayed()) {
            LOG.infof("[%s] repeated Idempotency-Key: answering the first request's %d images again", requestId,
                    queued.size());
            return queued;
        }
        metrics.counter("greenvue.images.accepted").increment(queued.size());
        LOG.infof("[%s] upload accepted: %d image%s for '%s' -> %s", requestId, queued.size(),
                queued.size() == 1 ? "" : "s", listingTitle == null ? "" : loggable(listingTitle),
                queued.stream().map(ImageRecord::fileName).toList());
        return queued;
    }

    /**
     * What a request carried, for comparing a replay with the first request of its Idempotency-Key:
     * the title and, per part, its field name, file name, size and the CRC32C of its bytes (read
     * from the temp file, in hardware; only requests with a key pay for it).
     */
    static String fingerprint(List<IncomingImage> images, String listingTitle) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(listingTitle).getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[64 * 1024];
            for (IncomingImage part : images) {
                sha.update(("\n" + part.name() + "\n" + part.fileName() + "\n" + part.size() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                CRC32C crc = new CRC32C();
                try (InputStream in = Files.newInputStream(part.file())) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        crc.update(buffer, 0, n);
                    }
                }
                sha.update(Long.toHexString(crc.getValue()).getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an uploaded part to fingerprint it", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** User text as one log line: control, line-break and bidi-override characters escaped, so no forged lines. */
    static String loggable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200) + 16);
        text.codePoints().limit(200).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
