package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.bytes.JpegSegments;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The warm-up images shipped in the jar are the three kinds the warm-up is meant to exercise. */
class WarmupImagesTest {

    @Test
    void theShippedImagesAreABaselineAndAProgressiveJpegAndAPngWithAlphaOf640x480() throws Exception {
        List<byte[]> images = WarmupImages.all();
        assertEquals(3, images.size());
        for (byte[] image : images) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
            assertEquals(640, decoded.getWidth());
            assertEquals(480, decoded.getHeight());
        }
        assertTrue(hasMarker(images.get(0), 0xC0), "baseline JPEG (SOF0)");
        assertTrue(hasMarker(images.get(1), 0xC2), "progressive JPEG (SOF2)");
        assertEquals(0x89, images.get(2)[0] & 0xFF, "PNG signature");
        assertEquals(6, images.get(2)[25], "PNG colour type 6: RGB with alpha");
        assertTrue(ImageIO.read(new ByteArrayInputStream(images.get(2))).getColorModel().hasAlpha());
    }

    @Test
    void theGeneratorStillMakesImagesOfTheSameKinds() throws Exception {
        List<byte[]> generated = WarmupImagesGenerator.all();
        assertTrue(hasMarker(generated.get(0), 0xC0));
        assertTrue(hasMarker(generated.get(1), 0xC2));
        assertEquals(6, generated.get(2)[25]);
    }

    @Test
    void theWarmupRunsTheShippedImagesThroughBothPipelines() throws Exception {
        ImagePipeline small = new ImagePipeline(120, 80, 4, 50_000_000L, WebpEncoder.preferred(), true);
        for (byte[] image : WarmupImages.all()) {
            ProcessedImage out = small.process(image);
            assertEquals(120, out.height());
        }
    }

    /** Whether the JPEG's frame header is SOFn {@code marker} (0xC0 baseline, 0xC2 progressive). */
    private static boolean hasMarker(byte[] jpeg, int marker) {
        JpegSegments walk = new JpegSegments(jpeg);
        for (JpegSegments.Segment s; (s = walk.next()) != null && s.marker() != JpegSegments.SOS; ) {
            if (s.isFrameHeader()) {
                return s.marker() == marker;
            }
        }
        return false;
    }
}
