package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import com.sksamuel.scrimage.ImmutableImage;
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
}
