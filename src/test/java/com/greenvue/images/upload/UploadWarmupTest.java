package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.queue.ImageQueue;
import com.greenvue.images.queue.QueueCounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The upload path's start-up warm-up: its uploads are parsed in full and refused (415), nothing is
 * queued, and a server that is not there is skipped, never thrown.
 */
@QuarkusTest
class UploadWarmupTest {

    @Inject
    UploadWarmup warmup;
    @Inject
    ImageQueue queue;

    @TestHTTPResource("/")
    URL root;

    @Test
    void theWarmupUploadsAreRefusedAndQueueNothing() {
        QueueCounts before = queue.counts();
        String base = root.getProtocol() + "://" + root.getHost() + ":" + root.getPort();
        assertEquals(UploadWarmup.REQUESTS, warmup.run(base, java.time.Duration.ofSeconds(20)));
        assertEquals(415, warmup.lastStatus(), "refused as unsupported_image_type after a full parse");
        assertTrue(warmup.millis() >= 0);
        assertTrue(warmup.serializeSamples(), "a queued record and a 202 answer serialise with the service's ObjectMapper");
        QueueCounts after = queue.counts();
        assertEquals(before.pending() + before.processing() + before.retry() + before.processed() + before.failed(),
                after.pending() + after.processing() + after.retry() + after.processed() + after.failed(),
                "nothing was queued");
    }

    @Test
    void theBodyIsAJpegThenAPartOfNoiseTheBoundaryCannotCut() throws Exception {
        byte[] body = UploadWarmup.body();
        assertTrue(body.length > UploadWarmup.PART_BYTES);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertEquals(4, text.split("--greenvuewarmup", -1).length - 1, "three part delimiters and the close");
        int jpeg = text.indexOf("filename=\"warmup.jpg\"");
        int noise = text.indexOf("filename=\"warmup.bin\"");
        assertTrue(jpeg > 0 && noise > jpeg, "the JPEG part comes first, so it is validated before the noise refuses the request");
        assertTrue(text.startsWith("\r\n\r\n\u00ff\u00d8", text.indexOf("Content-Type", jpeg) + "Content-Type: application/octet-stream".length()),
                "the JPEG part's bytes start with SOI");
    }

    @Test
    void aServerThatIsNotThereIsSkipped() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        UploadWarmup alone = new UploadWarmup();
        // nothing listens there: after the wait it gives up, without throwing
        assertEquals(0, alone.run("http://127.0.0.1:" + port, java.time.Duration.ofMillis(300)));
        assertEquals(0, alone.requests());
        assertTrue(alone.millis() >= 0, "it ended and said so");
    }
}
