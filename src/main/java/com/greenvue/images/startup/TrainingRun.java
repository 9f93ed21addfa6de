package com.greenvue.images.startup;

import com.greenvue.images.processing.WarmupImages;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The AppCDS training run (greenvue.training-run.enabled, off by default): once the service is
 * ready it sends itself the warm-up images as real uploads, waits until each URL serves its WebP,
 * and touches health, metrics, OpenAPI, a status read and a refused upload (415); then it exits (status
 * 0, or 1 when a step did not answer as it should). Started with {@code -XX:ArchiveClassesAtExit},
 * the JVM archives every class that path loaded, not only those of the framework's start, which
 * is what Quarkus' own AppCDS option covers. Before it exits it links every loaded class
 * ({@link ClassLinker}): JDK 17's dynamic archive skips classes of an application class loader that
 * were loaded but never linked, and Quarkus' loader is one. README, "Start-up".
 */
@ApplicationScoped
public class TrainingRun {

    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    TrainingRunConfig config;

    /** Built only when the training run is on: building one costs ~90 ms of the start (TLS defaults, selector thread). */
    private HttpClient http;

    void onStart(@Observes StartupEvent ev) {
        if (!config.enabled()) {
            return;
        }
        LOG.info("Training run: the service will exercise itself once and exit (greenvue.training-run.enabled=true)");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Thread t = new Thread(() -> {
            int status = 0;
            try {
                run();
                linkLoadedClasses();
                LOG.info("Training run done; exiting");
            } catch (Exception e) {
                LOG.errorf(e, "Training run failed: %s", e.getMessage());
                status = 1;
            }
            Quarkus.asyncExit(status);
        }, "training-run");
        t.setDaemon(true);
        t.start();
    }

    private void run() throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String base = null;
        // start-up observers run before the HTTP server listens: wait until it answers ready
        while (base == null) {
            Optional<String> candidate = LocalServer.boundBaseUrl();
            try {
                if (candidate.isPresent() && status(get(candidate.get() + "/q/health/ready")) == 200) {
                    base = candidate.get();
                }
            } catch (java.net.ConnectException e) {
                // not listening yet
            }
            if (base == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready within " + DEADLINE);
                }
                Thread.sleep(50);
            }
        }
        LOG.infof("Training run: exercising %s", base);
        List<byte[]> images = WarmupImages.all();
        // one request with every image, then each alone: both shapes of the upload path
        StringBuilder answers = new StringBuilder(expect(upload(base, images), 202));
        for (byte[] image : images) {
            answers.append(expect(upload(base, List.of(image)), 202));
        }
        String body = answers.toString();
        Matcher urls = URL.matcher(body);
        while (urls.find()) {
            URI published = URI.create(urls.group(1));
            String local = base + published.getRawPath();
            while (status(get(local)) != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(local + " not served within " + DEADLINE);
                }
                Thread.sleep(20);
            }
        }
        Matcher id = ID.matcher(body);
        if (id.find()) {
            expect(get(base + "/api/images/" + id.group(1)), 200);
        }
        expect(upload(base, List.of("not an image".getBytes(StandardCharsets.US_ASCII))), 415);
        expect(get(base + "/q/health/live"), 200);
        expect(get(base + "/q/metrics"), 200);
        expect(get(base + "/q/openapi"), 200);
    }

    /** An archive is written either way: without the linking it only holds fewer classes (README, "Containers"). */
    private static void linkLoadedClasses() {
        try {
            ClassLinker.Result linked = ClassLinker.linkLoadedClasses(Thread.currentThread().getContextClassLoader());
            LOG.infof("Training run: linked %d loaded classes for the archive (%d could not be linked) in %d ms",
                    linked.linked(), linked.failed(), linked.millis());
        } catch (Exception e) {
            // e.g. a JVM without HotSpot's diagnostic commands
            LOG.warnf("Training run: could not link the loaded classes (%s); the archive leaves out those never linked", e);
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String base, List<byte[]> images) throws Exception {
        String boundary = "training" + UUID.randomUUID().toString().replace("-", "");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            files.put("t" + i, images.get(i));
        }
        byte[] body = LocalServer.uploadBody(boundary, "Training run", files);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/upload/listing_image"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> r) {
        return r.statusCode();
    }

    private static String expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + ", expected " + status + ": " + r.body());
        }
        LOG.debugf("Training run: %s %s -> %d", r.request().method(), r.request().uri(), r.statusCode());
        return r.body();
    }
}
