package com.greenvue.images.processing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds the small images the pipeline tests feed in (JPEG, PNG, EXIF segments) from code, with
 * fixed content. Never reads fixtures from disk or the network.
 */
final class TestImages {

    private TestImages() {
    }

    /** A gradient with a few shapes, so every region differs a little. */
    static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), w, h, new Color(220, 200, 80)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 40, 40));
        g.fillOval(w / 4, h / 4, w / 3, h / 3);
        g.dispose();
        return img;
    }

    static byte[] jpeg(BufferedImage img, float quality, boolean progressive) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = it.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            p.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /**
     * Inserts an APP1 Exif segment (little-endian TIFF, IFD0 with Orientation and a camera Make)
     * right after the JPEG's SOI marker.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] make = "GreenVueCam\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4 + make.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        int makeOffset = 8 + 2 + 2 * 12 + 4;
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(makeOffset); // Make, ASCII
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(make);
        byte[] t = tiff.array();
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int len = 2 + header.length + t.length;
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + len);
        out.put(jpeg, 0, 2); // SOI
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) len).put(header).put(t);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
