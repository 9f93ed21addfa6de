package com.greenvue.images.bench;

import com.greenvue.images.TestImages;
import com.greenvue.images.postgres.PostgresSchema;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench-load} part 2: the file and the postgres backend side by side on this machine,
 * each replica a packaged service process on loopback. Prints uploads/s and images/s with 1 and
 * 2 replicas, 202 → URL p50/p99 per backend, and RSS after 20,000 processed images against after
 * none. PostgreSQL is the one at {@link PostgresSchema#URL}; each run gets a fresh schema.
 */
final class ReplicaBenchmark {

    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");
    private static final int THROUGHPUT_IMAGES = 240;
    private static final int CLIENTS = 4;
    private static final int LATENCY_SAMPLES = 30;
    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final int WARM_UP = 1000;

    private final byte[] photo;
    private final byte[] small = TestImages.jpeg(96, 64);

    private ReplicaBenchmark(byte[] photo) {
        this.photo = photo;
    }

    static void run(List<String> args) throws Exception {
        int memoryImages = args.contains("--memory-images")
                ? Integer.parseInt(args.get(args.indexOf("--memory-images") + 1)) : 20_000;
        System.out.printf("%nGreenVue replicas benchmark  %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.printf("%d cores; every replica is the packaged jar on loopback, local storage; PostgreSQL %s%n",
                Runtime.getRuntime().availableProcessors(), PostgresSchema.URL);
        System.out.println("load average at start: " + LoadBenchmark.loadAverage());
        Path hd = Corpus.ensure(Path.of("target", "bench-corpus")).stream()
                .filter(i -> i.name().equals("hd-1920x1080.jpg")).findFirst().orElseThrow().path();
        ReplicaBenchmark b = new ReplicaBenchmark(Files.readAllBytes(hd));

        if (!args.contains("--memory-only")) {
            System.out.printf("%nThroughput: %d FHD JPEG uploads (one image per request, %d clients spread over the "
                    + "replicas) while the job is paused, then resumed until the queue is empty%n", THROUGHPUT_IMAGES, CLIENTS);
            System.out.printf("  %-9s %-9s %12s %12s%n", "backend", "replicas", "uploads/s", "images/s");
            b.throughput("file", 1);
            System.out.printf("  %-9s %-9s %12s %12s   (the file backend is one process per data dir)%n", "file", "2", "n/a", "n/a");
            b.throughput("postgres", 1);
            b.throughput("postgres", 2);

            System.out.printf("%n202 -> URL answers 200, one FHD upload at a time on an idle replica, %d samples after 5 warm-up%n",
                    LATENCY_SAMPLES);
            double fileP50 = 0, fileP99 = 0;
            for (String backend : List.of("file", "postgres")) {
                List<Long> t = b.timeToUrl(backend);
                double p50 = pct(t, 50), p99 = pct(t, 99);
                if (backend.equals("file")) {
                    fileP50 = p50;
                    fileP99 = p99;
                    System.out.printf("  %-9s p50 %6.1f ms  p99 %6.1f ms%n", backend, p50, p99);
                } else {
                    System.out.printf("  %-9s p50 %6.1f ms  p99 %6.1f ms   ratio to file: p50 %.2f, p99 %.2f (target <= 1.2: %s)%n",
                            backend, p50, p99, p50 / fileP50, p99 / fileP99,
                            p50 / fileP50 <= 1.2 && p99 / fileP99 <= 1.2 ? "met" : "MISSED");
                }
            }
        }

        System.out.printf("%nMemory: RSS and live heap (used after a full GC) after %d more processed small images vs "
                + "after a warm-up of %d, both after %d s quiet and a full GC%n", memoryImages, WARM_UP, QUIET.toSeconds());
        List<String> memoryBackends = args.contains("--memory-backend")
                ? List.of(args.get(args.indexOf("--memory-backend") + 1)) : List.of("file", "postgres");
        for (String backend : memoryBackends) {
            b.memory(backend, memoryImages);
        }
        System.out.println("load average at end: " + LoadBenchmark.loadAverage());
    }

    /** Starts {@code n} replicas of one backend sharing one storage folder (and, for postgres, one fresh schema). */
    private static List<BenchService> replicas(String backend, int n, Path root) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GREENVUE_STORAGE_LOCAL_DIR", root.resolve("objects").toAbsolutePath().toString());
        if (backend.equals("postgres")) {
            String schema = PostgresSchema.create();
            env.putAll(PostgresSchema.env(schema));
            SCHEMAS.add(schema);
        }
        List<BenchService> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(BenchService.start(root.resolve("r" + i), env));
        }
        return out;
    }

    private static void stop(List<BenchService> services, String backend, Path root) throws Exception {
        for (BenchService s : services) {
            s.close();
        }
        BenchService.deleteTree(root);
    }

    private void throughput(String backend, int n) throws Exception {
        Path root = Path.of("target", "bench-replicas", backend + "-" + n);
        BenchService.deleteTree(root);
        List<BenchService> rs = replicas(backend, n, root);
        try {
            for (BenchService s : rs) {
                post(s, "/api/jobs/process-image-queue/pause"); // file: each its own; postgres: the same row
            }
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                fs.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < THROUGHPUT_IMAGES) {
                        upload(rs.get(i % rs.size()), photo, 1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            long uploaded = System.nanoTime() - t0;
            clients.shutdown();
            long t1 = System.nanoTime();
            for (BenchService s : rs) {
                post(s, "/api/jobs/process-image-queue/resume");
            }
            if (!rs.get(0).awaitDrained(Duration.ofMinutes(5))) {
                throw new IllegalStateException("queue not drained in 5 minutes");
            }
            for (BenchService s : rs) {
                s.awaitDrained(Duration.ofMinutes(5));
            }
            long processed = System.nanoTime() - t1;
            System.out.printf("  %-9s %-9d %12.1f %12.1f%n", backend, n, THROUGHPUT_IMAGES / sec(uploaded),
                    THROUGHPUT_IMAGES / sec(processed));
        } finally {
            stop(rs, backend, root);
            dropSchemaOf(rs);
        }
    }

    private List<Long> timeToUrl(String backend) throws Exception {
        Path root = Path.of("target", "bench-replicas", backend + "-latency");
        BenchService.deleteTree(root);
        List<BenchService> rs = replicas(backend, 1, root);
        BenchService s = rs.get(0);
        try {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < LATENCY_SAMPLES + 5; i++) {
                String url = upload(s, photo, 1).get(0);
                long accepted = System.nanoTime();
                HttpRequest get = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
                while (s.http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    if (System.nanoTime() - accepted > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException(url + " not 200 within 60 s");
                    }
                    Thread.sleep(2);
                }
                if (i >= 5) {
                    out.add(System.nanoTime() - accepted);
                }
            }
            return out;
        } finally {
            stop(rs, backend, root);
            dropSchemaOf(rs);
        }
    }

    private void memory(String backend, int images) throws Exception {
        Path root = Path.of("target", "bench-replicas", backend + "-memory");
        BenchService.deleteTree(root);
        List<BenchService> rs = replicas(backend, 1, root);
        BenchService s = rs.get(0);
        try {
            Reading before = settle(s, WARM_UP);
            nmt(s, "baseline");
            Reading after = settle(s, images);
            nmt(s, "summary.diff");
            double ratio = (double) after.rss() / before.rss();
            System.out.printf("  %-9s %d images in %.0f s (%.0f images/s); RSS %d MB -> %d MB = %+.1f %% (target <= +10 %%: %s); "
                    + "live heap %.1f MB -> %.1f MB (%+.0f bytes per image)%n",
                    backend, images, after.seconds(), images / after.seconds(), before.rss() >> 10, after.rss() >> 10,
                    (ratio - 1) * 100, ratio <= 1.10 ? "met" : "MISSED", before.heap() / 1024.0, after.heap() / 1024.0,
                    (after.heap() - before.heap()) * 1024.0 / images);
            // as many again: what still grows once the JIT has settled is what history costs
            Reading later = settle(s, images);
            System.out.printf("  %-9s %d images more: RSS %d MB -> %d MB = %+.1f %%; live heap %.1f MB -> %.1f MB (%+.0f bytes per image)%n",
                    backend, images, after.rss() >> 10, later.rss() >> 10, ((double) later.rss() / after.rss() - 1) * 100,
                    after.heap() / 1024.0, later.heap() / 1024.0, (later.heap() - after.heap()) * 1024.0 / images);
        } finally {
            stop(rs, backend, root);
            dropSchemaOf(rs);
        }
    }

    /** RSS and live heap (kB) after a batch was processed, and how long the batch took. */
    private record Reading(long rss, long heap, double seconds) {
    }

    /** Uploads {@code images}, waits until they are processed, stays quiet, collects, then reads. */
    private Reading settle(BenchService s, int images) throws Exception {
        long t0 = System.nanoTime();
        uploadMany(s, images);
        if (!s.awaitDrained(Duration.ofMinutes(15))) {
            throw new IllegalStateException("queue not drained in 15 minutes");
        }
        double seconds = sec(System.nanoTime() - t0);
        Thread.sleep(QUIET.toMillis());
        long heap = gc(s);
        return new Reading(s.status("VmRSS"), heap, seconds);
    }

    /** {@code total} small images, 10 per request, from {@link #CLIENTS} clients. */
    private void uploadMany(BenchService s, int total) throws Exception {
        AtomicInteger left = new AtomicInteger(total);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            fs.add(clients.submit(() -> {
                int n;
                while ((n = Math.min(10, left.getAndAdd(-10))) > 0) {
                    // a client that honours back-pressure: past max-queued the service answers 503 queue_full
                    while (!tryUpload(s, small, n)) {
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        clients.shutdown();
    }

    /** Like {@link #upload}, but false on a 503 (the queue is full: the caller waits and sends it again). */
    private static boolean tryUpload(BenchService s, byte[] image, int n) throws Exception {
        try {
            upload(s, image, n);
            return true;
        } catch (IllegalStateException e) {
            if (e.getMessage().startsWith("upload answered 503")) {
                return false;
            }
            throw e;
        }
    }

    /** One multipart request of {@code n} copies of {@code image}; returns their URLs (throws unless 202). */
    private static List<String> upload(BenchService s, byte[] image, int n) throws Exception {
        String boundary = "----greenvuereplicas" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length * n + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"listing_title\"\r\n\r\n"
                + "Replica bench\r\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"p" + i
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(image);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> r = s.post("/api/upload/listing_image", "multipart/form-data; boundary=" + boundary,
                body.toByteArray());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + r.statusCode() + ": " + r.body());
        }
        List<String> urls = new ArrayList<>();
        Matcher m = URL.matcher(r.body());
        while (m.find()) {
            urls.add(m.group(1));
        }
        return urls;
    }

    private static void post(BenchService s, String path) throws Exception {
        s.http.send(HttpRequest.newBuilder(s.uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A full GC in the service (jcmd GC.run); returns the heap in use after it, in kB (-1 when unreadable). */
    private static long gc(BenchService s) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (System.getenv("BENCH_HISTO") != null) {
            // BENCH_HISTO=1: the live objects by class at every reading, to diff what grows
            Process histo = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            Files.write(Path.of("target", "bench-replicas", "histo-" + System.nanoTime() + ".txt"),
                    histo.getInputStream().readAllBytes());
            histo.waitFor(60, TimeUnit.SECONDS);
        }
        Process gc = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(2000);
        Process info = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("used (\\d+)K").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * With {@code BENCH_JAVA_OPTS=-XX:NativeMemoryTracking=summary}: where the JVM's memory went
     * between the two RSS readings (jcmd VM.native_memory baseline, then summary.diff, printed).
     */
    private static void nmt(BenchService s, String what) throws Exception {
        String opts = System.getenv("BENCH_JAVA_OPTS");
        if (opts == null || !opts.contains("NativeMemoryTracking")) {
            return;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "VM.native_memory", what).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        if (!what.equals("baseline")) {
            System.out.println(text);
        }
        // the resident size of every mapping too: what NMT cannot see (malloc by native libraries)
        Path smaps = Path.of("/proc", String.valueOf(s.pid()), "smaps");
        if (Files.isReadable(smaps)) {
            Files.copy(smaps, Path.of("target", "bench-replicas", "smaps-" + what + ".txt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Drops the fresh schemas of the replicas just stopped. */
    private static void dropSchemaOf(List<BenchService> services) {
        for (String schema : SCHEMAS) {
            PostgresSchema.drop(schema);
        }
        SCHEMAS.clear();
    }

    private static final List<String> SCHEMAS = Collections.synchronizedList(new ArrayList<>());

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
