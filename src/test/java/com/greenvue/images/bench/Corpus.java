package com.greenvue.images.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generates the benchmark's photo-like corpus from fixed seeds (gradients, smooth noise, shapes,
 * fine texture and grain, so JPEG sizes look like camera output) and caches it under
 * target/bench-corpus. Never downloads anything; the same seed always gives the same bytes.
 */
final class Corpus {

    /** Bump when the generator changes so cached files are regenerated. */
    private static final String VERSION = "v1";

    record Item(String name, Path path, int width, int height) {
        byte[] bytes() throws IOException {
            return Files.readAllBytes(path);
        }
    }

    private record Spec(String name, int w, int h, String format, float quality, boolean progressive, long seed) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("landscape-12mp.jpg", 4000, 3000, "jpeg", 0.85f, false, 1),
            new Spec("portrait-12mp.jpg", 3000, 4000, "jpeg", 0.85f, false, 2),
            new Spec("progressive-12mp.jpg", 4000, 3000, "jpeg", 0.85f, true, 3),
            new Spec("q95-12mp.jpg", 4000, 3000, "jpeg", 0.95f, false, 4),
            new Spec("large-48mp.jpg", 8000, 6000, "jpeg", 0.85f, false, 5),
            new Spec("hd-1920x1080.jpg", 1920, 1080, "jpeg", 0.85f, false, 6),
            new Spec("hd-1080x1920.jpg", 1080, 1920, "jpeg", 0.85f, false, 7),
            new Spec("vga-640x480.jpg", 640, 480, "jpeg", 0.85f, false, 8),
            new Spec("rgba-1024x768.png", 1024, 768, "png-rgba", 0, false, 9),
            new Spec("rgb-2000x1500.png", 2000, 1500, "png", 0, false, 10));

    private Corpus() {
    }

    static List<Item> ensure(Path dir) throws IOException {
        Path root = dir.resolve(VERSION);
        Files.createDirectories(root);
        List<Item> items = new ArrayList<>();
        for (Spec s : SPECS) {
            Path p = root.resolve(s.name);
            if (!Files.exists(p)) {
                long t = System.nanoTime();
                byte[] bytes = generate(s);
                Path tmp = root.resolve(s.name + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.printf("  generated %-22s %6d KB in %d ms%n", s.name, bytes.length / 1024,
                        (System.nanoTime() - t) / 1_000_000);
            }
            items.add(new Item(s.name, p, s.w, s.h));
        }
        return items;
    }

    private static byte[] generate(Spec s) throws IOException {
        boolean alpha = s.format.equals("png-rgba");
        BufferedImage img = photo(s.w, s.h, s.seed, alpha);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (s.format.startsWith("png")) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(s.quality);
            p.setProgressiveMode(s.progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Sky-like gradient, two octaves of smooth noise, shapes, a fine "fabric" texture and grain. */
    static BufferedImage photo(int w, int h, long seed, boolean alpha) {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[][] corners = new int[4][3];
        for (int[] c : corners) {
            for (int k = 0; k < 3; k++) {
                c[k] = 30 + rnd.nextInt(200);
            }
        }
        Lattice coarse = new Lattice(w, h, Math.max(w, h) / 6, rnd.split());
        Lattice fine = new Lattice(w, h, Math.max(8, Math.max(w, h) / 60), rnd.split());
        for (int y = 0; y < h; y++) {
            double fy = (double) y / h;
            for (int x = 0; x < w; x++) {
                double fx = (double) x / w;
                double n = coarse.at(x, y) * 50 + fine.at(x, y) * 18;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    double top = corners[0][k] + (corners[1][k] - corners[0][k]) * fx;
                    double bottom = corners[2][k] + (corners[3][k] - corners[2][k]) * fx;
                    int v = (int) (top + (bottom - top) * fy + n * (k == 1 ? 1.0 : 0.8));
                    rgb = rgb << 8 | (v < 0 ? 0 : Math.min(v, 255));
                }
                px[y * w + x] = 0xFF000000 | rgb;
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int shapes = 40;
        for (int i = 0; i < shapes; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 90 + rnd.nextInt(166)));
            double cx = rnd.nextDouble() * w, cy = rnd.nextDouble() * h;
            double r = (0.02 + rnd.nextDouble() * 0.15) * Math.min(w, h);
            switch (i % 3) {
                case 0 -> g.fill(new Ellipse2D.Double(cx - r, cy - r * 0.7, 2 * r, 1.4 * r));
                case 1 -> {
                    Path2D.Double poly = new Path2D.Double();
                    poly.moveTo(cx, cy);
                    for (int k = 0; k < 5; k++) {
                        poly.lineTo(cx + (rnd.nextDouble() - 0.5) * 2 * r, cy + (rnd.nextDouble() - 0.5) * 2 * r);
                    }
                    poly.closePath();
                    g.fill(poly);
                }
                default -> {
                    g.setStroke(new BasicStroke((float) Math.max(1, r / 20)));
                    g.drawLine((int) cx, (int) cy, (int) (cx + r * 3 * (rnd.nextDouble() - 0.5)), (int) (cy + r * 3));
                }
            }
        }
        // a patch of fine texture (2-4 px period), the kind of detail that shows aliasing
        int tx = w / 8, ty = h / 2, tw = w / 5, th = h / 5;
        int period = 2 + rnd.nextInt(3);
        for (int y = ty; y < ty + th; y++) {
            for (int x = tx; x < tx + tw; x++) {
                if (((x + y / 3) / period & 1) == 0) {
                    px[y * w + x] = (px[y * w + x] & 0xFF000000) | ((px[y * w + x] >> 1) & 0x7F7F7F);
                }
            }
        }
        g.dispose();
        // sensor grain, per channel
        for (int i = 0; i < px.length; i++) {
            int p = px[i], out = p & 0xFF000000;
            for (int sh = 16; sh >= 0; sh -= 8) {
                int v = ((p >> sh) & 0xFF) + rnd.nextInt(13) - 6;
                out |= (v < 0 ? 0 : Math.min(v, 255)) << sh;
            }
            px[i] = out;
        }
        if (alpha) {
            // a soft vignette to transparent corners plus a fully transparent hole
            double cx = w / 2.0, cy = h / 2.0, rmax = Math.hypot(cx, cy);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double d = Math.hypot(x - cx, y - cy) / rmax;
                    int a = d < 0.6 ? 255 : (int) Math.max(0, 255 * (1 - (d - 0.6) / 0.35));
                    if (Math.abs(x - w * 0.7) < w * 0.05 && Math.abs(y - h * 0.3) < h * 0.05) {
                        a = 0;
                    }
                    px[y * w + x] = (a << 24) | (px[y * w + x] & 0xFFFFFF);
                }
            }
        }
        return img;
    }

    /** Bilinearly interpolated random values on a square grid: smooth noise in [-1, 1]. */
    private static final class Lattice {
        private final int cell;
        private final int cols;
        private final double[] v;

        Lattice(int w, int h, int cell, SplittableRandom rnd) {
            this.cell = Math.max(2, cell);
            this.cols = w / this.cell + 2;
            int rows = h / this.cell + 2;
            v = new double[cols * rows];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextDouble() * 2 - 1;
            }
        }

        double at(int x, int y) {
            int cx = x / cell, cy = y / cell;
            double fx = (double) (x % cell) / cell, fy = (double) (y % cell) / cell;
            fx = fx * fx * (3 - 2 * fx);
            fy = fy * fy * (3 - 2 * fy);
            double a = v[cy * cols + cx], b = v[cy * cols + cx + 1];
            double c = v[(cy + 1) * cols + cx], d = v[(cy + 1) * cols + cx + 1];
            return (a + (b - a) * fx) + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy;
        }
    }
}
