package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * libwebp through webp-imageio: each encode gives a valid WebP, and the write param (whose native
 * options webp-imageio 0.11.0 never frees) is made once per thread, not once per image.
 */
class WebpEncoderTest {

    @Test
    void encodesReuseOneWriteParamPerThreadAndStillHonourEachCallsQuality() throws Exception {
        Pixels photo = Pixels.of(TestImages.photo(320, 240, 7));
        byte[] small = WebpEncoder.encode(photo, 20, 4, WebpEncoder.Engine.LIBWEBP);
        Object first = WebpEncoder.writeParam();
        byte[] large = WebpEncoder.encode(photo, 95, 4, WebpEncoder.Engine.LIBWEBP);
        assertSame(first, WebpEncoder.writeParam(), "the same thread reuses its write param");
        assertTrue(large.length > small.length, "quality 95 (" + large.length + " B) is larger than quality 20 ("
                + small.length + " B): every call sets its own quality on the reused param");
        for (byte[] webp : new byte[][] {small, large}) {
            ImmutableImage decoded = ImmutableImage.loader().fromBytes(webp);
            assertEquals(320, decoded.width);
            assertEquals(240, decoded.height);
        }
        Object other = CompletableFuture.supplyAsync(WebpEncoder::writeParam).get();
        assertNotSame(first, other, "another thread has its own");
    }

    @Test
    void theAlphaPlaneOnASecondThreadGivesTheSameBytesAndKeepsTheAlpha() throws Exception {
        Pixels rgba = Pixels.of(photoWithAlpha(400, 300)).toRgbOrRgba();
        assertEquals(4, rgba.channels(), "the sample has an alpha channel");
        assertEquals(1, WebpEncoder.THREAD_LEVEL, "the service encodes with libwebp's thread level 1");
        byte[] threaded = WebpEncoder.encode(rgba, 80, 4, WebpEncoder.Engine.LIBWEBP);
        byte[] single = WebpEncoder.libwebp(rgba, 80, 4, 0);
        assertArrayEquals(single, threaded, "thread level 1 changes how libwebp schedules the work, not its output");
        // the write param is reused per thread: each call sets its own level
        assertEquals(0, WebpEncoder.writeParam().getThreadLevel());
        WebpEncoder.encode(rgba, 80, 4, WebpEncoder.Engine.LIBWEBP);
        assertEquals(WebpEncoder.THREAD_LEVEL, WebpEncoder.writeParam().getThreadLevel());
        BufferedImage decoded = ImmutableImage.loader().fromBytes(threaded).awt();
        assertEquals(400, decoded.getWidth());
        assertEquals(300, decoded.getHeight());
        assertTrue(decoded.getColorModel().hasAlpha(), "the WebP keeps an alpha channel");
        int transparent = 0;
        for (int y = 0; y < 300; y += 10) {
            for (int x = 0; x < 400; x += 10) {
                if ((decoded.getRGB(x, y) >>> 24) < 128) {
                    transparent++;
                }
            }
        }
        assertTrue(transparent > 0, "some of the sample's transparent pixels stay transparent");
    }

    /** A camera-like photo whose alpha falls from opaque to clear across its width. */
    private static BufferedImage photoWithAlpha(int width, int height) {
        BufferedImage photo = TestImages.photo(width, height, 11);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = 255 - 255 * x / (width - 1);
                out.setRGB(x, y, alpha << 24 | (photo.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return out;
    }
}
