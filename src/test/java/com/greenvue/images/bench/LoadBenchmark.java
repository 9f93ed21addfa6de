package com.greenvue.images.bench;

import com.greenvue.images.processing.ImagePipeline;
import com.greenvue.images.processing.WebpEncoder;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench-load}: drives the packaged service in a child process over localhost with
 * concurrent multipart uploads and prints upload latency idle vs saturated, time from 202 to the
 * URL answering 200, and the service's RSS with 500 images queued vs none. Measures and prints
 * only; it never asserts a time, never talks to anything but 127.0.0.1, every loop is bounded in
 * count and time, and the child process and its data dir are always removed at the end.
 */
final class LoadBenchmark {

    private static final int PROBE_UPLOADS = 100, PROBE_CONCURRENCY = 4;
    private static final int BACKLOG_PHOTOS = 60;
    private static final int TTU_SAMPLES = 10;
    private static final int ROUNDS = 2;
    private static final Duration POLL = Duration.ofMillis(20);
    /** How long the service is left quiet before its RSS is read (G1 checks its 10 s periodic-GC interval at that period, so up to 2x). */
    private static final Duration QUIET = Duration.ofSeconds(25);
    private static final int WARMUP_UPLOADS = 100;
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    private final Path root = Path.of("target", "bench-load");
    private byte[] small;
    private List<byte[]> photos;
    private byte[] photo;
    private byte[] bigPhoto;

    /** One request's outcome: latency and the public URL it returned. */
    record Upload(long nanos, int status, String url) {
    }

    static void run(List<String> args) throws Exception {
        new LoadBenchmark().main(args);
    }

    private void main(List<String> args) throws Exception {
        int memoryImages = intArg(args, "--memory-images", 500);
        boolean skipMemory = args.contains("--no-memory");
        boolean skipLoad = args.contains("--no-load");
        boolean skipE2e = args.contains("--no-e2e");
        System.out.printf("GreenVue load benchmark  %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.printf("java %s, %d cores; service: %s, default heap, local storage, 127.0.0.1 only%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), BenchService.JAR);
        System.out.println("load average at start: " + loadAverage() + " (other processes on this machine skew the figures)");
        List<Corpus.Item> items = Corpus.ensure(Path.of("target", "bench-corpus"));
        small = item(items, "vga-640x480.jpg").bytes();
        photo = item(items, "landscape-12mp.jpg").bytes();
        bigPhoto = item(items, "q95-12mp.jpg").bytes();
        photos = List.of(photo, item(items, "portrait-12mp.jpg").bytes(), bigPhoto,
                item(items, "progressive-12mp.jpg").bytes());
        System.out.printf("probe image: vga-640x480.jpg (%d KB); 12 MP photos: landscape %d KB (time to URL), "
                + "backlog cycles landscape/portrait/q95/progressive%n", small.length / 1024, photo.length / 1024);
        if (!skipE2e) {
            EndToEndBenchmark.run(items, args.contains("--quick"));
        }
        if (!skipLoad) {
            load();
        }
        if (!skipMemory) {
            memory(memoryImages);
        }
        System.out.println("\nload average at end: " + loadAverage());
    }

    // ------------------------------------------------------------------ latency

    private void load() throws Exception {
        double[] idleP50 = new double[ROUNDS], idleP99 = new double[ROUNDS], busyP50 = new double[ROUNDS],
                busyP99 = new double[ROUNDS];
        List<Long> ttu = new ArrayList<>();
        double pipelineMs;
        try (BenchService s = BenchService.start(root.resolve("latency"))) {
            System.out.printf("%nservice pid %d on port %d, data %s (deleted at the end)%n", s.pid(), s.port, s.dataDir);
            long t = System.nanoTime();
            // warm-up: JIT the upload path and the pipeline, so later phases see a warm service
            List<byte[]> warm = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                warm.add(photos.get(i % photos.size()));
            }
            drive(s, warm, PROBE_CONCURRENCY);
            drive(s, Collections.nCopies(60, small), PROBE_CONCURRENCY);
            boolean drained = s.awaitDrained(Duration.ofSeconds(180));
            System.out.printf("warm-up: 16 photos + 60 small uploads processed in %.1f s%s%n", sec(System.nanoTime() - t),
                    drained ? "" : " (NOT drained within 180 s)");

            for (int r = 0; r < ROUNDS; r++) {
                System.out.printf("%nround %d (load average %s)%n", r + 1, loadAverage());
                List<Upload> idle = drive(s, Collections.nCopies(PROBE_UPLOADS, small), PROBE_CONCURRENCY);
                idleP50[r] = pct(idle, 50);
                idleP99[r] = pct(idle, 99);
                printUploads("  idle     ", idle);
                s.awaitDrained(Duration.ofSeconds(60));

                long b0 = System.nanoTime();
                List<byte[]> backlog = new ArrayList<>();
                for (int i = 0; i < BACKLOG_PHOTOS; i++) {
                    backlog.add(photos.get(i % photos.size()));
                }
                List<Upload> queued = drive(s, backlog, PROBE_CONCURRENCY);
                long before = s.backlog();
                List<Upload> busy = drive(s, Collections.nCopies(PROBE_UPLOADS, small), PROBE_CONCURRENCY);
                long after = s.backlog();
                busyP50[r] = pct(busy, 50);
                busyP99[r] = pct(busy, 99);
                System.out.printf("  backlog: %d x 12 MP queued in %.1f s (upload p50 %.1f ms, p99 %.1f ms); "
                                + "waiting/in flight at probe start %d, at probe end %d%n",
                        queued.size(), sec(System.nanoTime() - b0), pct(queued, 50), pct(queued, 99), before, after);
                printUploads("  saturated", busy);
                long d0 = System.nanoTime();
                boolean ok = s.awaitDrained(Duration.ofSeconds(300));
                System.out.printf("  backlog drained %.1f s after the probe%s (%.2f images/s incl. probe)%n",
                        sec(System.nanoTime() - d0), ok ? "" : " (NOT drained within 300 s)",
                        (BACKLOG_PHOTOS + PROBE_UPLOADS) / sec(System.nanoTime() - b0));
            }

            System.out.printf("%ntime from 202 to URL 200, one landscape 12 MP photo at a time on an idle service "
                    + "(poll every %d ms), %d x %d samples:%n", POLL.toMillis(), ROUNDS, TTU_SAMPLES);
            for (int r = 0; r < ROUNDS; r++) {
                List<Long> round = new ArrayList<>();
                for (int i = 0; i < TTU_SAMPLES; i++) {
                    s.awaitDrained(Duration.ofSeconds(30));
                    Thread.sleep(200);
                    round.add(timeToUrl(s));
                }
                ttu.addAll(round);
                System.out.printf("  round %d: p50 %.0f ms, p99 %.0f ms, min %.0f, max %.0f  (load average %s)%n", r + 1,
                        pctN(round, 50), pctN(round, 99), ms(Collections.min(round)), ms(Collections.max(round)),
                        loadAverage());
            }
            pipelineMs = pipelineMs(photo);
            System.out.printf("  in-process pipeline for the same photo (this JVM, warm, median of 9): %.0f ms%n",
                    pipelineMs);
        }

        double ttu50 = pctN(ttu, 50), ttu99 = pctN(ttu, 99);
        System.out.printf("%nLoad summary (%d rounds; p99 of 100 uploads is their 99th value, of 20 URL waits "
                + "the 20th):%n", ROUNDS);
        for (int r = 0; r < ROUNDS; r++) {
            System.out.printf("  round %d: upload p50/p99 idle %.1f / %.1f ms, saturated %.1f / %.1f ms -> "
                    + "p99 saturated/idle %.2f (target <= 2.00: %s)%n", r + 1, idleP50[r], idleP99[r], busyP50[r],
                    busyP99[r], busyP99[r] / idleP99[r], busyP99[r] / idleP99[r] <= 2.0 ? "met" : "MISSED");
        }
        System.out.printf("  202 -> URL 200, 12 MP: p50 %.0f ms, p99 %.0f ms; pipeline %.0f ms -> ratio p50 %.2f, "
                        + "p99 %.2f (target <= 1.50: %s)%n", ttu50, ttu99, pipelineMs, ttu50 / pipelineMs,
                ttu99 / pipelineMs, ttu50 / pipelineMs <= 1.5 ? (ttu99 / pipelineMs <= 1.5 ? "met" : "met at p50, MISSED at p99")
                        : "MISSED");
    }

    /** Uploads each body as its own one-file request, {@code concurrency} at a time; bounded to 10 min. */
    private List<Upload> drive(BenchService s, List<byte[]> bodies, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Upload> out = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size() && System.nanoTime() < deadline) {
                        out.add(upload(s, bodies.get(i), "bench-" + i + ".jpg"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(11, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long bad = out.stream().filter(u -> u.status != 202).count();
        if (bad > 0) {
            System.out.printf("  WARNING: %d of %d uploads were not answered 202 (e.g. %d)%n", bad, out.size(),
                    out.stream().filter(u -> u.status != 202).findFirst().get().status);
        }
        return out;
    }

    private static Upload upload(BenchService s, byte[] image, String name) throws IOException, InterruptedException {
        return upload(s, image, name, "Load bench");
    }

    static Upload upload(BenchService s, byte[] image, String name, String title)
            throws IOException, InterruptedException {
        TripClient.Multipart body = TripClient.multipart(image, name, title);
        long t = System.nanoTime();
        HttpResponse<String> r = s.post("/api/upload/listing_image", body.contentType(), body.body());
        long nanos = System.nanoTime() - t;
        Matcher m = URL.matcher(r.body());
        return new Upload(nanos, r.statusCode(), m.find() ? m.group(1) : null);
    }

    /** Uploads the photo, then polls its URL every 20 ms (at most 60 s) until it answers 200. */
    private long timeToUrl(BenchService s) throws Exception {
        Upload u = upload(s, photo, "ttu.jpg");
        if (u.status != 202 || u.url == null) {
            throw new IllegalStateException("upload answered " + u.status);
        }
        long accepted = System.nanoTime();
        HttpRequest get = HttpRequest.newBuilder(java.net.URI.create(u.url)).timeout(Duration.ofSeconds(5))
                .method("GET", HttpRequest.BodyPublishers.noBody()).build();
        long deadline = accepted + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (s.http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return System.nanoTime() - accepted;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException(u.url + " not 200 within 60 s of its 202");
    }

    private static double pipelineMs(byte[] photo) throws Exception {
        ImagePipeline p = new ImagePipeline(640, 80, 4, 50_000_000L, WebpEncoder.preferred());
        for (int i = 0; i < 5; i++) {
            p.process(photo);
        }
        long[] t = new long[9];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            p.process(photo);
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return ms(t[t.length / 2]);
    }

    private static void printUploads(String label, List<Upload> us) {
        System.out.printf("%s upload (%d x small JPEG, %d concurrent): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", label,
                us.size(), PROBE_CONCURRENCY, pct(us, 50), pct(us, 99),
                us.stream().mapToLong(Upload::nanos).max().orElse(0) / 1e6);
    }

    // ------------------------------------------------------------------ memory

    private void memory(int count) throws Exception {
        long need = (long) count * bigPhoto.length;
        long free = Files.getFileStore(Path.of("target")).getUsableSpace();
        if (free < need * 3) {
            int scaled = (int) Math.max(10, free / 3 / bigPhoto.length);
            System.out.printf("%nonly %d MB free on target/: scaling the memory scenario from %d to %d images%n",
                    free >> 20, count, scaled);
            count = scaled;
        }
        System.out.printf("%nMemory: RSS of the service with %d x q95 12 MP JPEG (%d KB each, %.2f GB) queued while "
                + "the image job is paused, vs none%n", count, bigPhoto.length / 1024, count * (double) bigPhoto.length / 1e9);
        try (BenchService s = BenchService.start(root.resolve("memory"))) {
            HttpResponse<String> paused = s.post("/api/jobs/process-image-queue/pause", "application/json", new byte[0]);
            if (paused.statusCode() != 200) {
                throw new IllegalStateException("pause answered " + paused.statusCode() + ": " + paused.body());
            }
            for (int i = 0; i < 20; i++) {
                s.get("/q/health/ready");
                s.get("/api/jobs");
            }
            // warm the upload path (JIT, classes, I/O buffers) with uploads that are parsed in full and
            // then refused (title too long), so the baseline is a service that has taken traffic but
            // holds nothing, not a cold one
            int refused = 0;
            for (int i = 0; i < WARMUP_UPLOADS; i++) {
                refused += upload(s, bigPhoto, "warm-" + i + ".jpg", "x".repeat(201)).status == 400 ? 1 : 0;
            }
            System.out.printf("  warm-up: %d uploads of the same photo parsed and refused (400), nothing queued%n", refused);
            // both sides are measured the same way: the service quiet for QUIET (longer than the
            // 10 s G1PeriodicGCInterval it runs with, as in Dockerfile.jvm)
            Thread.sleep(QUIET.toMillis());
            long idleRss = s.status("VmRSS"), idleHwm = s.status("VmHWM");
            String idleHeap = gc(s);
            long idleRssGc = s.status("VmRSS");
            System.out.printf("  none queued, quiet %d s: VmRSS %d MB, VmHWM %d MB; after a full GC "
                    + "(jcmd GC.run): VmRSS %d MB, %s%n", QUIET.toSeconds(), idleRss >> 10, idleHwm >> 10,
                    idleRssGc >> 10, idleHeap);
            long t = System.nanoTime();
            List<Upload> us = drive(s, Collections.nCopies(count, bigPhoto), PROBE_CONCURRENCY);
            long accepted = us.stream().filter(u -> u.status == 202).count();
            long burstRss = s.status("VmRSS"), hwm = s.status("VmHWM");
            System.out.printf("  %d accepted in %.1f s (upload p50 %.1f ms, p99 %.1f ms), backlog %d, spool on disk %d MB%n",
                    accepted, sec(System.nanoTime() - t), pct(us, 50), pct(us, 99), s.backlog(),
                    dirBytes(s.dataDir.resolve("queue").resolve("spool")) >> 20);
            System.out.printf("  right after the upload burst: VmRSS %d MB, VmHWM %d MB (upload garbage not yet collected)%n",
                    burstRss >> 10, hwm >> 10);
            Thread.sleep(QUIET.toMillis());
            long rss = s.status("VmRSS");
            String heap = gc(s);
            long rssGc = s.status("VmRSS");
            System.out.printf("  %d queued, quiet %d s: VmRSS %d MB; after a full GC: VmRSS %d MB, %s%n", accepted,
                    QUIET.toSeconds(), rss >> 10, rssGc >> 10, heap);
            double ratio = (double) rss / idleRss, ratioGc = (double) rssGc / idleRssGc;
            System.out.printf("Memory summary: RSS %d queued / none (both quiet %d s) = %d / %d MB = %.2f (target <= 1.15: %s); "
                            + "right after the burst %.2f; after a full GC on both sides %d / %d MB = %.2f (%s); "
                            + "peak (VmHWM) %d MB%n",
                    accepted, QUIET.toSeconds(), rss >> 10, idleRss >> 10, ratio, ratio <= 1.15 ? "met" : "MISSED",
                    (double) burstRss / idleRss, rssGc >> 10, idleRssGc >> 10, ratioGc,
                    ratioGc <= 1.15 ? "met" : "MISSED", s.status("VmHWM") >> 10);
        }
    }

    /** Runs a full GC in the service (jcmd GC.run), waits 2 s, returns its heap summary line. */
    private static String gc(BenchService s) throws InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process gc = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor(60, TimeUnit.SECONDS);
            Thread.sleep(2000);
            Process info = new ProcessBuilder(jcmd, String.valueOf(s.pid()), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor(60, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(text);
            return m.find() ? String.format("heap committed %d MB, used %d MB", Long.parseLong(m.group(1)) >> 10,
                    Long.parseLong(m.group(2)) >> 10) : "heap n/a";
        } catch (IOException e) {
            return "jcmd n/a";
        }
    }

    private static long dirBytes(Path dir) {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static double pct(List<Upload> us, int p) {
        return pctN(us.stream().map(Upload::nanos).toList(), p);
    }

    /** Nearest-rank percentile in ms. */
    private static double pctN(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return ms(sorted.get(Math.max(0, rank - 1)));
    }

    private static Corpus.Item item(List<Corpus.Item> items, String name) {
        return items.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static int intArg(List<String> args, String name, int dflt) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : dflt;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
