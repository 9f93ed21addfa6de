package com.greenvue.images.bench;

import com.greenvue.images.processing.ImagePipeline;
import com.greenvue.images.processing.ProcessedImage;
import com.greenvue.images.processing.StageTimes;
import com.greenvue.images.processing.WebpEncoder;
import com.sksamuel.scrimage.ImmutableImage;
import com.sksamuel.scrimage.ScaleMethod;
import com.sksamuel.scrimage.webp.WebpWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench}: runs the image pipeline over a generated corpus and prints per-stage times,
 * bytes, quality against a reference resize, throughput on 1 and 2 threads, libvips' figures when
 * vipsthumbnail is installed, and peak RSS for the 48 MP JPEG in a child JVM. Measures only; it
 * never asserts a speed and never talks to anything but local processes.
 */
public final class PipelineBenchmark {

    private static final int MAX_HEIGHT = 640, QUALITY = 80, METHOD = 4;
    private static final long MAX_PIXELS = 50_000_000L;
    private static final int REPS = 3;

    private record Run(ProcessedImage out, StageTimes times, long totalNanos) {
    }

    private record Vips(long[] perFileNanos, long allNanos, byte[][] outputs, String version) {
    }

    private final Map<String, float[]> references = new HashMap<>();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "pipeline";
        switch (mode) {
            case "pipeline" -> new PipelineBenchmark().pipeline(Arrays.asList(args).contains("--quick"));
            case "load" -> LoadBenchmark.run(Arrays.asList(args).subList(1, args.length));
            case "replicas" -> ReplicaBenchmark.run(Arrays.asList(args).subList(1, args.length));
            case "rss-child" -> rssChild(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: PipelineBenchmark [pipeline [--quick] | load [--no-load] [--no-memory] [--memory-images N] | rss-child FILE THREADS ITERATIONS]");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private void pipeline(boolean quick) throws Exception {
        System.out.printf("GreenVue pipeline benchmark  %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.printf("java %s, %d cores, %s %s; target <= %d px high, WebP q%d m%d; median of %d warm runs%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), MAX_HEIGHT, QUALITY, METHOD, REPS);
        System.out.println("load average at start: " + loadAverage() + " (other processes on this machine skew the figures)");
        System.out.println("corpus (target/bench-corpus):");
        List<Corpus.Item> items = Corpus.ensure(Path.of("target", "bench-corpus"));
        byte[][] data = new byte[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            data[i] = items.get(i).bytes();
        }
        WebpEncoder.Engine engine = WebpEncoder.preferred();
        ImagePipeline ours = new ImagePipeline(MAX_HEIGHT, QUALITY, METHOD, MAX_PIXELS, engine);
        ImagePipeline oursCwebp = new ImagePipeline(MAX_HEIGHT, QUALITY, METHOD, MAX_PIXELS, WebpEncoder.Engine.CWEBP);

        for (int pass = 0; pass < 2; pass++) {
            for (byte[] d : data) {
                ours.process(d);
            }
        }
        Run[] runs = measure(ours, data, REPS);
        Run[] cwebpRuns = measure(oursCwebp, data, quick ? 1 : REPS);
        ImagePipeline oursImageio = new ImagePipeline(MAX_HEIGHT, QUALITY, METHOD, MAX_PIXELS, engine, false);
        Run[] imageioRuns = measure(oursImageio, data, quick ? 1 : REPS);
        Vips vips = vips(items);

        // --- per file ---
        System.out.printf("%nPipeline (%s WebP encoder), one thread, per file:%n", engine);
        System.out.printf("%-22s %11s %9s %3s %7s %7s %7s %8s %8s %6s %6s", "file", "source", "output", "sub",
                "decode", "resize", "encode", "total ms", "bytes", "SSIM", "PSNR");
        if (vips != null) {
            System.out.printf(" | %8s %8s %6s %10s %10s", "vips ms", "bytes", "SSIM", "time ours/", "bytes ours/");
        }
        System.out.println();
        double[] sum = new double[4];
        long bytes = 0, vipsBytes = 0, vipsFileNanos = 0;
        double ssimSum = 0, vipsSsimSum = 0, psnrSum = 0;
        for (int i = 0; i < items.size(); i++) {
            Corpus.Item it = items.get(i);
            Run r = runs[i];
            Quality.Score q = score(it, r.out.webp());
            System.out.printf("%-22s %11s %9s %3d %7.1f %7.1f %7.1f %8.1f %8d %6.4f %6.2f", it.name(),
                    it.width() + "x" + it.height(), r.out.width() + "x" + r.out.height(), r.times.subsampling,
                    ms(r.times.decodeNanos), ms(r.times.resizeNanos), ms(r.times.encodeNanos), ms(r.totalNanos),
                    r.out.webp().length, q.ssim(), q.psnr());
            sum[0] += ms(r.times.decodeNanos);
            sum[1] += ms(r.times.resizeNanos);
            sum[2] += ms(r.times.encodeNanos);
            sum[3] += ms(r.totalNanos);
            bytes += r.out.webp().length;
            ssimSum += q.ssim();
            psnrSum += q.psnr();
            if (vips != null) {
                Quality.Score vq = score(it, vips.outputs[i]);
                System.out.printf(" | %8.1f %8d %6.4f %10.2f %10.2f", ms(vips.perFileNanos[i]), vips.outputs[i].length,
                        vq.ssim(), (double) r.totalNanos / vips.perFileNanos[i],
                        (double) r.out.webp().length / vips.outputs[i].length);
                vipsBytes += vips.outputs[i].length;
                vipsFileNanos += vips.perFileNanos[i];
                vipsSsimSum += vq.ssim();
            }
            System.out.println();
        }
        int n = items.size();
        System.out.printf("%-22s %11s %9s %3s %7.1f %7.1f %7.1f %8.1f %8d %6.4f %6.2f%n", "TOTAL (mean SSIM/PSNR)", "", "", "",
                sum[0], sum[1], sum[2], sum[3], bytes, ssimSum / n, psnrSum / n);
        if (vips != null) {
            System.out.printf("%nlibvips %s (vipsthumbnail --size 'x640>' -o %%s.webp[Q=80,strip], VIPS_CONCURRENCY=1):%n",
                    vips.version);
            System.out.printf("  one process over all %d files: %.0f ms (per-file processes: %.0f ms incl. start-up)%n", n,
                    ms(vips.allNanos), ms(vipsFileNanos));
            System.out.printf("  ours/libvips time  %.2f  (ours %.0f ms in-process warm vs %.0f ms)%n",
                    sum[3] / ms(vips.allNanos), sum[3], ms(vips.allNanos));
            System.out.printf("  ours/libvips bytes %.3f  (%d vs %d)%n", (double) bytes / vipsBytes, bytes, vipsBytes);
            System.out.printf("  mean SSIM ours %.4f vs libvips %.4f%n", ssimSum / n, vipsSsimSum / n);
            int prog = indexOf(items, "progressive-12mp.jpg");
            System.out.printf("  progressive 12 MP: ours %.0f ms vs libvips %.0f ms (per-file process) = %.2fx%n",
                    ms(runs[prog].totalNanos), ms(vips.perFileNanos[prog]),
                    (double) runs[prog].totalNanos / vips.perFileNanos[prog]);
        } else {
            System.out.println("\nlibvips: vipsthumbnail not found on PATH, comparison skipped "
                    + "(Debian/Ubuntu: apt-get install -y libvips-tools)");
        }

        // --- encoder comparison ---
        System.out.printf("%nWebP encoder, same pipeline, encode stage only (q%d m%d):%n", QUALITY, METHOD);
        System.out.printf("%-22s %12s %12s %10s %10s %8s %8s%n", "file", "libwebp ms", "cwebp ms", "libwebp B", "cwebp B",
                "SSIM lw", "SSIM cw");
        double lw = 0, cw = 0;
        long lwb = 0, cwb = 0;
        for (int i = 0; i < n; i++) {
            Corpus.Item it = items.get(i);
            Run a = engine == WebpEncoder.Engine.LIBWEBP ? runs[i] : null;
            Run b = cwebpRuns[i];
            if (a == null) {
                System.out.println("  libwebp JNI not available on this platform; only cwebp measured");
                break;
            }
            System.out.printf("%-22s %12.1f %12.1f %10d %10d %8.4f %8.4f%n", it.name(), ms(a.times.encodeNanos),
                    ms(b.times.encodeNanos), a.out.webp().length, b.out.webp().length, score(it, a.out.webp()).ssim(),
                    score(it, b.out.webp()).ssim());
            lw += ms(a.times.encodeNanos);
            cw += ms(b.times.encodeNanos);
            lwb += a.out.webp().length;
            cwb += b.out.webp().length;
        }
        System.out.printf("%-22s %12.1f %12.1f %10d %10d%n", "TOTAL", lw, cw, lwb, cwb);

        // --- JPEG decoder comparison ---
        System.out.printf("%nJPEG decoder, same pipeline (greenvue.processing.native-jpeg=true vs false), decode stage:%n");
        System.out.printf("%-22s %-14s %9s %11s %7s %10s %10s %8s %8s%n", "file", "decoder", "decode ms", "imageio ms",
                "ratio", "total ms", "imageio ms", "SSIM", "SSIM io");
        double dTurbo = 0, dIo = 0, tTurbo = 0, tIo = 0;
        for (int i = 0; i < n; i++) {
            Corpus.Item it = items.get(i);
            Run a = runs[i];
            Run b = imageioRuns[i];
            System.out.printf("%-22s %-14s %9.1f %11.1f %7.2f %10.1f %10.1f %8.4f %8.4f%n", it.name(), a.times.decoder,
                    ms(a.times.decodeNanos), ms(b.times.decodeNanos),
                    (double) a.times.decodeNanos / b.times.decodeNanos, ms(a.totalNanos), ms(b.totalNanos),
                    score(it, a.out.webp()).ssim(), score(it, b.out.webp()).ssim());
            dTurbo += ms(a.times.decodeNanos);
            dIo += ms(b.times.decodeNanos);
            tTurbo += ms(a.totalNanos);
            tIo += ms(b.totalNanos);
        }
        System.out.printf("%-22s %-14s %9.1f %11.1f %7.2f %10.1f %10.1f%n", "TOTAL", "", dTurbo, dIo, dTurbo / dIo, tTurbo,
                tIo);

        // --- throughput ---
        System.out.println();
        for (int threads : new int[] {1, 2}) {
            double ips = throughput(ours, data, threads, 2);
            System.out.printf("throughput, %d worker thread%s: %.2f images/s (corpus x2)%n", threads, threads == 1 ? "" : "s",
                    ips);
        }

        // --- before: the scrimage pipeline this replaced ---
        if (!quick) {
            scrimageBaseline(items, data);
        }

        // --- memory ---
        int big = indexOf(items, "large-48mp.jpg");
        rss(items.get(big).path());
        System.out.println("load average at end: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private Run[] measure(ImagePipeline p, byte[][] data, int reps) throws Exception {
        Run[] out = new Run[data.length];
        for (int i = 0; i < data.length; i++) {
            List<Run> rs = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                StageTimes t = new StageTimes();
                long start = System.nanoTime();
                ProcessedImage img = p.process(data[i], t);
                rs.add(new Run(img, t, System.nanoTime() - start));
            }
            rs.sort((a, b) -> Long.compare(a.totalNanos, b.totalNanos));
            out[i] = rs.get(rs.size() / 2);
        }
        return out;
    }

    private static double throughput(ImagePipeline p, byte[][] data, int threads, int passes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<ProcessedImage>> fs = new ArrayList<>();
            for (int pass = 0; pass < passes; pass++) {
                for (byte[] d : data) {
                    fs.add(pool.submit(() -> p.process(d)));
                }
            }
            for (Future<ProcessedImage> f : fs) {
                f.get();
            }
            return fs.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private void scrimageBaseline(List<Corpus.Item> items, byte[][] data) throws Exception {
        System.out.println("\nBefore: scrimage pipeline (loader().detectOrientation(true) -> scaleTo Progressive -> "
                + "WebpWriter q80 m4), one warm-up pass, one timed pass:");
        for (int i = items.size() - 3; i < items.size(); i++) {
            scrimage(data[i]);
        }
        double total = 0;
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            long start = System.nanoTime();
            byte[] out = scrimage(data[i]);
            double t = ms(System.nanoTime() - start);
            total += t;
            bytes += out.length;
            System.out.printf("  %-22s %8.1f ms %8d bytes  SSIM %.4f%n", items.get(i).name(), t, out.length,
                    score(items.get(i), out).ssim());
        }
        System.out.printf("  %-22s %8.1f ms %8d bytes%n", "TOTAL", total, bytes);
    }

    private static byte[] scrimage(byte[] source) throws IOException {
        ImmutableImage image = ImmutableImage.loader().detectOrientation(true).fromBytes(source);
        double scale = Math.min(1.0, (double) MAX_HEIGHT / image.height);
        if (scale < 1.0) {
            image = image.scaleTo(Math.max(1, (int) Math.round(image.width * scale)), MAX_HEIGHT, ScaleMethod.Progressive);
        }
        return image.bytes(WebpWriter.DEFAULT.withQ(QUALITY).withM(METHOD));
    }

    /** SSIM/PSNR of an encoded output against the reference resize at the output's own size. */
    private Quality.Score score(Corpus.Item item, byte[] encoded) throws IOException {
        BufferedImage out = Quality.decode(encoded);
        String key = item.name() + "@" + out.getWidth() + "x" + out.getHeight();
        float[] ref = references.get(key);
        if (ref == null) {
            BufferedImage full = Quality.decode(item.bytes());
            ref = Quality.referenceLuma(full, out.getWidth(), out.getHeight());
            references.put(key, ref);
        }
        return Quality.compare(ref, Quality.luma(out), out.getWidth(), out.getHeight());
    }

    private static Vips vips(List<Corpus.Item> items) throws Exception {
        String version;
        try {
            Process p = new ProcessBuilder("vipsthumbnail", "--vips-version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        Path outDir = Files.createDirectories(Path.of("target", "bench-vips"));
        String out = outDir.toAbsolutePath() + "/%s.webp[Q=" + QUALITY + ",strip]";
        long[] per = new long[items.size()];
        for (int i = 0; i < items.size(); i++) {
            long[] t = new long[REPS];
            for (int r = 0; r < REPS; r++) {
                t[r] = runVips(List.of(items.get(i).path().toString()), out);
            }
            Arrays.sort(t);
            per[i] = t[REPS / 2];
        }
        List<String> all = new ArrayList<>();
        items.forEach(it -> all.add(it.path().toString()));
        long[] t = new long[REPS];
        for (int r = 0; r < REPS; r++) {
            t[r] = runVips(all, out);
        }
        Arrays.sort(t);
        byte[][] outputs = new byte[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            String base = items.get(i).name().substring(0, items.get(i).name().lastIndexOf('.'));
            outputs[i] = Files.readAllBytes(outDir.resolve(base + ".webp"));
        }
        return new Vips(per, t[REPS / 2], outputs, version);
    }

    private static long runVips(List<String> inputs, String out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("vipsthumbnail"));
        cmd.addAll(inputs);
        cmd.addAll(List.of("--size", "x" + MAX_HEIGHT + ">", "-o", out));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VIPS_CONCURRENCY", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("vipsthumbnail failed: " + new String(log, StandardCharsets.UTF_8));
        }
        return System.nanoTime() - start;
    }

    /** Starts a child JVM with default heap settings and reports its peak RSS. */
    private static void rss(Path bigJpeg) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PipelineBenchmark.class.getName(), "rss-child", bigJpeg.toString(), "2", "3").redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(300, TimeUnit.SECONDS);
        System.out.println();
        for (String line : text.split("\n")) {
            if (line.startsWith("rss:")) {
                System.out.println(line.substring(4).trim());
            }
        }
        if (!text.contains("rss:")) {
            System.out.println("peak RSS child failed:\n" + text);
        }
    }

    private static void rssChild(Path file, int threads, int iterations) throws Exception {
        long before = status("VmRSS");
        byte[] data = Files.readAllBytes(file);
        ImagePipeline p = new ImagePipeline(MAX_HEIGHT, QUALITY, METHOD, MAX_PIXELS, WebpEncoder.preferred());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ProcessedImage>> fs = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads * iterations; i++) {
            fs.add(pool.submit(() -> p.process(data)));
        }
        for (Future<ProcessedImage> f : fs) {
            f.get();
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "rss: peak RSS (VmHWM), %s with %d threads x %d images, default heap (max %d MB): "
                        + "%d MB (JVM before work: %d MB; %.0f ms per image wall)%n",
                file.getFileName(), threads, iterations, Runtime.getRuntime().maxMemory() >> 20, status("VmHWM") >> 10,
                before >> 10, ms(elapsed) / (threads * iterations));
    }

    /** A kB figure from /proc/self/status, or -1 where there is no procfs. */
    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static int indexOf(List<Corpus.Item> items, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
