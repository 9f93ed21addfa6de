package com.greenvue.images.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.greenvue.images.api.Envelope;
import com.greenvue.images.processing.WarmupImages;
import com.greenvue.images.queue.ImageRecord;
import com.greenvue.images.startup.LocalServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Warms the upload path before readiness turns UP: once the HTTP server listens, sends the
 * service two multipart uploads of two parts, a real 640x480 JPEG and 256 KB of noise, which it
 * parses in full and refuses (415, nothing stored, nothing queued). The JPEG passes validation
 * first, so the accept path up to the queue runs too (the JPEG header checks, the id, the file
 * name, the storage's public URL, the record) before the noise part refuses the whole request,
 * and {@link #serializeSamples()} covers the rest of the accept path. Measured before this: the
 * first uploads after a start spent about 100 ms more each than warm ones before their 202, in
 * the framework's multipart parser running interpreted (since round 6 the upload has its own reader,
 * MultipartReader, which this warms the same way). Run by {@link com.greenvue.images.processing.PipelineWarmup} after
 * the pipeline's own warm-up (greenvue.processing.warmup switches both, greenvue.upload.warmup this one).
 * The first request finds the listening server; the other goes at once on its own connection, both
 * in flight together, over plain sockets ({@link LocalServer.Exchange}); the samples are serialised
 * while the server is not listening yet.
 * Two of 256 KB, measured against four of 512 KB (7 alternating starts each, median): ready 47 ms
 * sooner, the first pass no slower (1239 vs 1253 ms); with none, ready 167 ms sooner but the first
 * pass 53 ms slower. Never fails the start:
 * a server it cannot reach (another interface, TLS only) is logged and skipped.
 */
@ApplicationScoped
public class UploadWarmup {

    private static final Logger LOG = Logger.getLogger(UploadWarmup.class);
    static final int REQUESTS = 2;
    static final int PART_BYTES = 256 * 1024;
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(20);

    private volatile long millis = -1;
    private volatile int refused;
    private volatile int lastStatus;
    private volatile long waitedMillis;

    @Inject
    UploadConfig config;
    @Inject
    ObjectMapper json;

    /** Sends the refused uploads to this service; returns how many it answered. Never throws. */
    public int run() {
        if (config != null && !config.warmup()) {
            LOG.info("Upload path warm-up disabled (greenvue.upload.warmup=false)");
            return 0;
        }
        // resolved at each attempt: with quarkus.http.port=0 (tests, the training run) the port is
        // known only once the server has bound, after the start-up observers
        return run(() -> LocalServer.boundBaseUrl().orElse(null), LISTEN_WAIT);
    }

    /** As {@link #run()}, against {@code base} (scheme, host and port), waiting at most {@code listenWait} for it. */
    int run(String base, Duration listenWait) {
        return run(() -> base, listenWait);
    }

    /**
     * Sends the refused uploads to the address {@code base} gives (null: not bound yet), waiting at
     * most {@code listenWait} for the server to accept connections.
     */
    private int run(java.util.function.Supplier<String> base, Duration listenWait) {
        long t0 = System.nanoTime();
        int answered = 0;
        List<LocalServer.Exchange> sent = new ArrayList<>();
        try {
            // while the server is not listening yet: off the path readiness waits on once it is
            serializeSamples();
            byte[] body = body();
            long deadline = System.nanoTime() + listenWait.toNanos();
            // start-up observers run before the HTTP server listens: the first request waits for it
            String at = null;
            while (sent.isEmpty()) {
                at = base.get();
                if (at == null) {
                    if (System.nanoTime() > deadline) {
                        throw new ConnectException("the HTTP server did not bind within " + listenWait);
                    }
                    Thread.sleep(10);
                    continue;
                }
                try {
                    long connecting = System.nanoTime();
                    sent.add(send(at, body, 1));
                    waitedMillis = (connecting - t0) / 1_000_000;
                } catch (ConnectException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
            // the others at once, each on its own connection, all in flight together: readiness waits
            // for them, and one by one it would wait for each in turn
            for (int i = 2; i <= REQUESTS; i++) {
                sent.add(send(at, body, i));
            }
            for (LocalServer.Exchange e : sent) {
                record(e.status());
                answered++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.infof("Upload path warm-up skipped after %d request(s): %s", answered, e.toString());
        } finally {
            for (LocalServer.Exchange e : sent) {
                try {
                    e.close();
                } catch (IOException ignored) {
                    // closing a socket we are done with
                }
            }
        }
        refused = answered;
        millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("Upload path warm-up: %d refused uploads (each a JPEG and %d KB of noise) in %d ms (%d ms of it waiting "
                + "for the server to listen)", answered, PART_BYTES / 1024, millis, waitedMillis);
        return answered;
    }

    /**
     * What a refused upload never reaches: a queued record and the 202 answer, serialised once with the
     * service's ObjectMapper (whose serialisers the queue store and the REST layer then reuse) and dropped.
     * Measured: the first real upload after a start answered its 202 in 50-58 ms without this, 19-26 ms
     * with it (a 49 KB photo, job paused, 4 alternating starts each); warm uploads take 9-14 ms.
     * True when both were serialised.
     */
    boolean serializeSamples() {
        if (json == null) {
            return false;
        }
        try {
            ImageRecord record = ImageRecord.pending(new UUID(0, 0), "warmup-00000000.webp",
                    "http://localhost/warmup-00000000.webp", "Start-up warm-up", ImageFormat.JPEG.json(), 1, 1, 1,
                    "images", 0, "startup-warmup", Instant.now());
            json.writeValueAsBytes(record);
            json.writeValueAsBytes(Envelope.success(UploadResource.acceptedData(List.of(record))));
            return true;
        } catch (Exception e) {
            LOG.debugf(e, "Upload path warm-up: serialising the samples failed");
            return false;
        }
    }

    private static LocalServer.Exchange send(String base, byte[] body, int n) throws IOException {
        return LocalServer.Exchange.send(base, "POST", "/api/upload/listing_image",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY, "X-Request-Id", "startup-warmup-" + n),
                body, Duration.ofSeconds(10));
    }

    private void record(int status) {
        lastStatus = status;
        LOG.debugf("Upload path warm-up request: %d", status);
    }

    public long millis() {
        return millis;
    }

    public int requests() {
        return refused;
    }

    /** The status of the last warm-up request (415 expected; 401 where uploads need a user token), 0 before. */
    int lastStatus() {
        return lastStatus;
    }

    private static final String BOUNDARY = "greenvuewarmup";

    /**
     * A JPEG part that passes validation, then one file part of noise (no image signature: the
     * request is refused as unsupported_image_type after a full parse, so nothing is queued).
     */
    static byte[] body() throws IOException {
        byte[] noise = new byte[PART_BYTES];
        new SplittableRandom(14).nextBytes(noise);
        // the boundary must not occur inside the part
        for (int i = 0; i < noise.length; i++) {
            if (noise[i] == '-') {
                noise[i] = '+';
            }
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("warmup.jpg", WarmupImages.read("baseline.jpg"));
        parts.put("warmup.bin", noise);
        return LocalServer.uploadBody(BOUNDARY, "Start-up warm-up", parts);
    }
}
