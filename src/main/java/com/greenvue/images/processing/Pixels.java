package com.greenvue.images.processing;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
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
        Pixels p = channels == 1 ? toRgbOrRgba() : this;
        boolean alpha = p.channels == 4;
        int[] offsets = alpha ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 2};
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, p.width, p.height,
                p.channels, p.width * p.channels, offsets);
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferByte(p.data, p.data.length), new Point());
        return new BufferedImage(cm, raster, false, null);
    }
}
