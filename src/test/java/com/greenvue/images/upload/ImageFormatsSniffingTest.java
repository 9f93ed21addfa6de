package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FormatSamples;
import com.greenvue.images.processing.ImageFormatsTest;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every legitimate format variant the pipeline must render (issue 6, "images that must come out
 * right") also gets past the upload sniffer: recognised, sized and judged complete.
 */
class ImageFormatsSniffingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.greenvue.images.processing.ImageFormatsTest#formats")
    void legitimateVariantIsAccepted(String name, Supplier<byte[]> input, int width, int height,
            ImageFormatsTest.Check check) {
        byte[] b = input.get();
        ImageHeader h = assertDoesNotThrow(() -> ImageSniffer.inspect(b), name);
        assertTrue(h.width() > 0 && h.height() > 0, name + ": " + h);
        assertDoesNotThrow(() -> ImageSniffer.checkComplete(h, b), name);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegWithExifOrientationIsAccepted(int orientation) throws Exception {
        byte[] b = FormatSamples.withOrientation(FormatSamples.jpeg(FormatSamples.quadrants(1200, 800), false),
                orientation);
        ImageHeader h = ImageSniffer.inspect(b);
        assertEquals(new ImageHeader(ImageFormat.JPEG, 1200, 800), h);
        ImageSniffer.checkComplete(h, b);
    }
}
