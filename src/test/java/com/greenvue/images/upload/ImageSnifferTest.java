package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageSnifferTest {

    @Test
    void readsJpegPngGifAndBmpDimensionsFromHeadersOnly() throws Exception {
        var photo = TestImages.photo(123, 45, 3);
        assertEquals(new ImageHeader(ImageFormat.JPEG, 123, 45), ImageSniffer.inspect(TestImages.encode(photo, "jpg")));
        assertEquals(new ImageHeader(ImageFormat.PNG, 123, 45), ImageSniffer.inspect(TestImages.encode(photo, "png")));
        assertEquals(new ImageHeader(ImageFormat.GIF, 123, 45), ImageSniffer.inspect(TestImages.encode(photo, "gif")));
        assertEquals(new ImageHeader(ImageFormat.BMP, 123, 45), ImageSniffer.inspect(TestImages.encode(photo, "bmp")));
    }

    @Test
    void completeImagesPassTheTruncationCheck() throws Exception {
        for (String f : new String[] {"jpg", "png", "gif", "bmp"}) {
            byte[] b = TestImages.encode(TestImages.photo(64, 48, 5), f);
            ImageSniffer.checkComplete(ImageSniffer.inspect(b), b);
        }
    }

    @Test
    void truncatedJpegAndPngAreRejectedAsInvalid() throws Exception {
        byte[] jpeg = TestImages.truncatedJpeg();
        var r1 = assertThrows(ImageSniffer.Rejected.class,
                () -> ImageSniffer.checkComplete(ImageSniffer.inspect(jpeg), jpeg));
        assertTrue(r1.getMessage().contains("end-of-image"), r1.getMessage());
        byte[] png = TestImages.truncatedPng();
        var r2 = assertThrows(ImageSniffer.Rejected.class,
                () -> ImageSniffer.checkComplete(ImageSniffer.inspect(png), png));
        assertTrue(r2.getMessage().contains("IEND"), r2.getMessage());
    }

    @Test
    void nonImagesAreUnsupportedWhateverTheyAreCalled() {
        for (String s : new String[] {"hello, I am text", "%PDF-1.7\n...", "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "<html><script>alert(1)</script></html>", "PK\u0003\u0004zip"}) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            assertNull(ImageSniffer.detect(b));
            var r = assertThrows(ImageSniffer.Rejected.class, () -> ImageSniffer.inspect(b));
            assertTrue(r.unsupported);
        }
    }

    @Test
    void jpegHeaderFollowedByGarbageIsInvalid() {
        byte[] b = TestImages.concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16},
                "JFIF\0garbage-garbage-garbage-garbage".getBytes(StandardCharsets.ISO_8859_1));
        var r = assertThrows(ImageSniffer.Rejected.class, () -> ImageSniffer.inspect(b));
        assertTrue(!r.unsupported);
    }

    @Test
    void hugeDeclaredPngSizeIsReadWithoutDecoding() throws Exception {
        ImageHeader h = ImageSniffer.inspect(TestImages.pngHeaderDeclaring(100000, 100000));
        assertEquals(10_000_000_000L, h.pixels());
    }
}
