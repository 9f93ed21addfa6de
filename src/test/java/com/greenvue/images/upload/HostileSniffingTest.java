package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** The sniffer on hand-built hostile bytes, and the structure checks never refusing real images. */
class HostileSniffingTest {

    @Test
    void bombsDeclareTheirHugeSizeFromTheHeaderAlone() throws Exception {
        assertEquals(new ImageHeader(ImageFormat.JPEG, 65500, 65500), ImageSniffer.inspect(HostileImages.jpegBomb(65500, 65500)));
        assertEquals(new ImageHeader(ImageFormat.GIF, 65535, 65535), ImageSniffer.inspect(HostileImages.gif(65535, 65535, 1, 1)));
        assertTrue(HostileImages.pngBomb(100000, 100000).length < 2048, "the PNG bomb is about 1 KB");
    }

    @Test
    void aSmallGifScreenWithAHugeFirstFrameCountsTheFrame() throws Exception {
        assertEquals(new ImageHeader(ImageFormat.GIF, 30000, 30000),
                ImageSniffer.inspect(HostileImages.gif(10, 10, 30000, 30000)));
        assertEquals(new ImageHeader(ImageFormat.GIF, 10, 10), ImageSniffer.inspect(HostileImages.gif(10, 10, 4, 4)));
    }

    @Test
    void handBuiltGifsAndJpegsAreStructurallyValid() throws Exception {
        byte[] gif = HostileImages.gif(10, 10, 4, 4);
        assertDoesNotThrow(() -> ImageSniffer.checkComplete(ImageSniffer.inspect(gif), gif));
        byte[] jpeg = HostileImages.jpegBomb(16, 16);
        assertDoesNotThrow(() -> ImageSniffer.checkComplete(ImageSniffer.inspect(jpeg), jpeg));
    }

    @Test
    void jpegHeaderFollowedByGarbageIsInvalidWithOrWithoutAnEndMarker() throws Exception {
        for (byte[] b : new byte[][] {HostileImages.jpegHeaderThenGarbage(true), HostileImages.jpegHeaderThenGarbage(false)}) {
            ImageHeader h = ImageSniffer.inspect(b);
            ImageSniffer.Rejected r = assertThrows(ImageSniffer.Rejected.class, () -> ImageSniffer.checkComplete(h, b));
            assertFalse(r.unsupported);
        }
    }

    @Test
    void gifScriptPolyglotIsInvalid() {
        byte[] b = HostileImages.gifScriptPolyglot();
        ImageSniffer.Rejected r = assertThrows(ImageSniffer.Rejected.class,
                () -> ImageSniffer.checkComplete(ImageSniffer.inspect(b), b));
        assertFalse(r.unsupported);
    }

    @Test
    void realJpegsPassTheScanCheck() throws Exception {
        BufferedImage photo = TestImages.photo(640, 480, 11);
        BufferedImage gray = new BufferedImage(320, 200, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(photo, 0, 0, null);
        for (byte[] b : new byte[][] {TestImages.encode(photo, "jpg"), progressiveJpeg(photo), TestImages.encode(gray, "jpg"),
            TestImages.jpegWithOrientation(300, 200, 6), restartIntervalJpeg(photo)}) {
            assertDoesNotThrow(() -> ImageSniffer.checkComplete(ImageSniffer.inspect(b), b));
        }
    }

    @Test
    void realGifsPassTheBlockWalk() throws Exception {
        byte[] b = TestImages.encode(TestImages.photo(120, 90, 4), "gif");
        assertDoesNotThrow(() -> ImageSniffer.checkComplete(ImageSniffer.inspect(b), b));
        byte[] twoFrames = twoFrameGif();
        assertDoesNotThrow(() -> ImageSniffer.checkComplete(ImageSniffer.inspect(twoFrames), twoFrames));
    }

    private static byte[] progressiveJpeg(BufferedImage img) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        byte[] b = out.toByteArray();
        assertTrue(HostileImages.indexOf(b, 0xFF, 0xC2) > 0, "really progressive (SOF2)");
        return b;
    }

    /** A baseline JPEG with restart markers, spliced by hand: a DRI segment and RST markers in the data are legal. */
    private static byte[] restartIntervalJpeg(BufferedImage img) {
        byte[] b = TestImages.encode(img, "jpg");
        int sos = HostileImages.indexOf(b, 0xFF, 0xDA);
        byte[] dri = {(byte) 0xFF, (byte) 0xDD, 0, 4, 0, 0};
        return TestImages.concat(java.util.Arrays.copyOf(b, sos), dri, java.util.Arrays.copyOfRange(b, sos, b.length));
    }

    private static byte[] twoFrameGif() throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            w.prepareWriteSequence(null);
            w.writeToSequence(new IIOImage(TestImages.photo(60, 40, 1), null, null), null);
            w.writeToSequence(new IIOImage(TestImages.photo(60, 40, 2), null, null), null);
            w.endWriteSequence();
        }
        w.dispose();
        return out.toByteArray();
    }
}
