package com.greenvue.images.processing;

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A full-size decode destination that stores nothing: each row the JPEG reader hands over is
 * added into s x s box sums, so the decode ends as an area-averaged image 1/s the size (shrink on
 * load without point-sampling aliasing and without a full-resolution copy). Never holds more than
 * one accumulator row plus the shrunk result; rows must arrive top to bottom.
 */
final class BoxShrinkRaster extends WritableRaster {

    private final int factor;
    private final int channels;
    private final int outWidth;
    private final int outHeight;
    private final byte[] out;
    private final int[] acc;
    private int lastRow = -1;

    private BoxShrinkRaster(PixelInterleavedSampleModel sm, int factor) {
        super(sm, new DataBufferByte(1), new Point(0, 0));
        this.factor = factor;
        this.channels = sm.getNumBands();
        this.outWidth = sm.getWidth() / factor;
        this.outHeight = sm.getHeight() / factor;
        this.out = new byte[outWidth * outHeight * channels];
        this.acc = new int[outWidth * channels];
    }

    /** A destination image for a {@code width x height} decode with 1 (gray) or 3 (RGB) bands. */
    static BufferedImage destination(int width, int height, int channels, int factor) {
        int[] offsets = channels == 1 ? new int[] {0} : new int[] {0, 1, 2};
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, width, height, channels,
                width * channels, offsets);
        ColorSpace cs = ColorSpace.getInstance(channels == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, new BoxShrinkRaster(sm, factor), false, null);
    }

    /** The shrunk result once every row has been delivered. */
    static Pixels result(BufferedImage destination) {
        BoxShrinkRaster r = (BoxShrinkRaster) destination.getRaster();
        if (r.lastRow < r.outHeight * r.factor - 1) {
            throw new IllegalStateException("decoder delivered " + (r.lastRow + 1) + " of " + r.getHeight() + " rows");
        }
        return new Pixels(r.outWidth, r.outHeight, r.channels, r.out);
    }

    @Override
    public WritableRaster createWritableChild(int parentX, int parentY, int w, int h, int childMinX, int childMinY,
            int[] bandList) {
        if (parentX == 0 && parentY == 0 && w == getWidth() && h == getHeight() && childMinX == 0 && childMinY == 0
                && (bandList == null || isIdentity(bandList))) {
            return this;
        }
        // the decoder is only ever given the whole destination (no source region, no band subset)
        throw new IllegalStateException("box-shrink destination asked for a sub-raster; the decoder must read the whole image");
    }

    private boolean isIdentity(int[] bands) {
        if (bands.length != channels) {
            return false;
        }
        for (int i = 0; i < bands.length; i++) {
            if (bands[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void setRect(Raster src) {
        setRect(0, 0, src);
    }

    @Override
    public void setRect(int dx, int dy, Raster src) {
        if (!(src.getSampleModel() instanceof ComponentSampleModel sm) || !(src.getDataBuffer() instanceof DataBufferByte db)
                || src.getNumBands() != channels || src.getMinX() + dx != 0 || src.getWidth() != getWidth()) {
            throw new IllegalStateException("decoder delivered a row raster this destination cannot average: " + src);
        }
        byte[] data = db.getData();
        int pixelStride = sm.getPixelStride(), scanStride = sm.getScanlineStride();
        int[] bandOffsets = sm.getBandOffsets();
        int baseX = src.getMinX() - src.getSampleModelTranslateX();
        for (int row = 0; row < src.getHeight(); row++) {
            int y = src.getMinY() + dy + row;
            int base = db.getOffset() + (src.getMinY() + row - src.getSampleModelTranslateY()) * scanStride
                    + baseX * pixelStride;
            accept(y, data, base, pixelStride, bandOffsets);
        }
    }

    private void accept(int y, byte[] data, int base, int pixelStride, int[] bandOffsets) {
        if (y <= lastRow) {
            // a later progressive pass starts over; only the final pass must count
            java.util.Arrays.fill(acc, 0);
        }
        lastRow = y;
        int oy = y / factor;
        if (oy >= outHeight) {
            return;
        }
        int c = channels;
        for (int k = 0; k < c; k++) {
            int p = base + bandOffsets[k];
            int a = k;
            for (int ox = 0; ox < outWidth; ox++, a += c) {
                int s = 0;
                for (int i = 0; i < factor; i++, p += pixelStride) {
                    s += data[p] & 0xFF;
                }
                acc[a] += s;
            }
        }
        if (y % factor == factor - 1) {
            int n = factor * factor, half = n / 2, o = oy * outWidth * c;
            for (int i = 0; i < acc.length; i++) {
                out[o + i] = (byte) ((acc[i] + half) / n);
                acc[i] = 0;
            }
        }
    }

    @Override
    public Rectangle getBounds() {
        return new Rectangle(0, 0, getWidth(), getHeight());
    }
}
