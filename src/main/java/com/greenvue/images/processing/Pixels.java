package com.greenvue.images.processing;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * An 8-bit interleaved image as the pipeline steps pass it on: 1 (gray), 3 (R,G,B) or 4
 * (R,G,B,A, not premultiplied) channels. Plain data, owned by one pipeline call; it never
 * carries metadata, so nothing but pixels can reach the encoder.
 */
public record Pixels(int width, int height, int channels, byte[] data) {

    public Pixels {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4: " + channels);
        }
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException("data length does not match " + width + "x" + height + "x" + channels);
        }
    }

    public boolean hasAlpha() {
        return channels == 4;
    }

    /** True when some pixel is not fully opaque. */
    public boolean hasTranslucency() {
        if (channels != 4) {
            return false;
        }
        for (int i = 3; i < data.length; i += 4) {
            if (data[i] != (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    /** The same pixels with gray expanded to RGB and an all-opaque alpha dropped. */
    public Pixels toRgbOrRgba() {
        if (channels == 3 || (channels == 4 && hasTranslucency())) {
            return this;
        }
        int n = width * height;
        byte[] out = new byte[n * 3];
        if (channels == 1) {
            for (int i = 0, o = 0; i < n; i++, o += 3) {
                byte v = data[i];
                out[o] = v;
                out[o + 1] = v;
                out[o + 2] = v;
            }
        } else {
            for (int i = 0, o = 0; i < n * 4; i += 4, o += 3) {
                out[o] = data[i];
                out[o + 1] = data[i + 1];
                out[o + 2] = data[i + 2];
            }
        }
        return new Pixels(width, height, 3, out);
    }

    /** A BufferedImage sharing this data (sRGB, bands R,G,B[,A]); no copy. */
    public BufferedImage toBufferedImage() {
        return (channels == 1 ? toRgbOrRgba() : this).toBufferedImage(ColorSpace.getInstance(ColorSpace.CS_sRGB));
    }

    /** This RGB or RGBA data as a BufferedImage in colour space {@code cs}; no copy. */
    BufferedImage toBufferedImage(ColorSpace cs) {
        boolean alpha = channels == 4;
        int[] offsets = alpha ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 2};
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, width, height,
                channels, width * channels, offsets);
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(data, data.length), new Point());
        return new BufferedImage(cm, raster, false, null);
    }

    /** A decoded image as interleaved RGB/RGBA/gray bytes, reusing the decoder's array where the layout allows. */
    public static Pixels of(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        switch (img.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] d = plainBytes(img, 3);
                if (d != null) {
                    for (int i = 0; i < d.length; i += 3) {
                        byte b = d[i];
                        d[i] = d[i + 2];
                        d[i + 2] = b;
                    }
                    return new Pixels(w, h, 3, d);
                }
            }
            case BufferedImage.TYPE_4BYTE_ABGR -> {
                byte[] d = plainBytes(img, 4);
                if (d != null) {
                    for (int i = 0; i < d.length; i += 4) {
                        byte a = d[i], b = d[i + 1], g = d[i + 2];
                        d[i] = d[i + 3];
                        d[i + 1] = g;
                        d[i + 2] = b;
                        d[i + 3] = a;
                    }
                    return new Pixels(w, h, 4, d);
                }
            }
            case BufferedImage.TYPE_BYTE_GRAY -> {
                byte[] d = plainBytes(img, 1);
                if (d != null) {
                    return new Pixels(w, h, 1, d);
                }
            }
            default -> { }
        }
        Pixels gray = grayPixels(img);
        if (gray != null) {
            return gray;
        }
        boolean alpha = img.getColorModel().hasAlpha();
        BufferedImage std = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = std.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return of(std);
    }

    /**
     * Gray images other than plain 8-bit (16-bit gray, gray + alpha) with their samples taken as
     * stored. Java2D would treat their CS_GRAY as linear light and brighten every mid tone when
     * drawing them into RGB, but PNG and JPEG gray samples are gamma-encoded like sRGB.
     */
    private static Pixels grayPixels(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        if (!(cm instanceof ComponentColorModel) || cm.getColorSpace().getType() != ColorSpace.TYPE_GRAY
                || cm.isAlphaPremultiplied() || bands != (cm.hasAlpha() ? 2 : 1)) {
            return null;
        }
        int w = img.getWidth(), h = img.getHeight();
        int grayMax = (1 << cm.getComponentSize(0)) - 1;
        int alphaMax = bands == 2 ? (1 << cm.getComponentSize(1)) - 1 : 1;
        int channels = bands == 2 ? 4 : 1;
        byte[] out = new byte[w * h * channels];
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                byte v = (byte) ((row[x * bands] * 255L + grayMax / 2) / grayMax);
                if (channels == 1) {
                    out[o++] = v;
                } else {
                    out[o++] = v;
                    out[o++] = v;
                    out[o++] = v;
                    out[o++] = (byte) ((row[x * bands + 1] * 255L + alphaMax / 2) / alphaMax);
                }
            }
        }
        return new Pixels(w, h, channels, out);
    }

    /** The raster's own byte array when it is exactly w*h*channels bytes with no offsets. */
    private static byte[] plainBytes(BufferedImage img, int channels) {
        Raster r = img.getRaster();
        if (r.getParent() != null || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0
                || !(r.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1 || db.getOffset() != 0) {
            return null;
        }
        byte[] d = db.getData();
        return d.length == img.getWidth() * img.getHeight() * channels ? d : null;
    }
}
