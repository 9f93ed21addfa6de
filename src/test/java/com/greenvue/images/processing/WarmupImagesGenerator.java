package com.greenvue.images.processing;

import com.greenvue.images.FormatSamples;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Makes the warm-up images the service ships in {@code src/main/resources/warmup/} (see
 * {@link WarmupImages}): a baseline and a progressive JPEG and a PNG with alpha, 640x480, fixed
 * seed. The service used to generate them at every start, which took ~155 ms of CPU (Java2D and
 * the ImageIO encoders) beside the framework's start. To regenerate:
 * {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.greenvue.images.processing.WarmupImagesGenerator} from the project folder.
 */
public final class WarmupImagesGenerator {

    private WarmupImagesGenerator() {
    }

    public static void main(String... args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/warmup");
        Files.createDirectories(dir);
        List<byte[]> images = all();
        for (int i = 0; i < images.size(); i++) {
            Files.write(dir.resolve(WarmupImages.NAMES.get(i)), images.get(i));
        }
    }

    /** Baseline JPEG, progressive JPEG, PNG with alpha, in the order of {@link WarmupImages#NAMES}. */
    static List<byte[]> all() throws IOException {
        return List.of(jpeg(false), jpeg(true), png());
    }

    /** 640x480 with gradient, shapes and grain: enough detail that the codecs do real work. */
    private static BufferedImage photo(boolean alpha) {
        int w = 640, h = 480;
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        SplittableRandom rnd = new SplittableRandom(14);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + rnd.nextInt(13)) & 0xFF, g = (y * 255 / h + rnd.nextInt(13)) & 0xFF;
                int b = ((x ^ y) & 0x3F) + 100;
                int a = alpha ? (x < w / 8 ? 0 : 255) : 255;
                px[y * w + x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), 30 + rnd.nextInt(120), 30 + rnd.nextInt(120));
        }
        g.dispose();
        return img;
    }

    private static byte[] jpeg(boolean progressive) {
        return FormatSamples.jpeg(photo(false), progressive, 0.85f);
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 * 1024);
        ImageIO.write(photo(true), "png", out);
        return out.toByteArray();
    }
}
