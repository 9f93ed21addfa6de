package com.greenvue.images.processing;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jboss.logging.Logger;

/**
 * Reads one encoded image with ImageIO (JPEG incl. CMYK via TwelveMonkeys, PNG, GIF, BMP, WebP via
 * webp-imageio), JPEG pixels preferably with libjpeg-turbo ({@link NativeJpeg}): header and EXIF
 * orientation first, then pixels, for large JPEGs shrunk on load
 * (box-averaged while decoding, or source subsampling where that is not possible). Never touches the file system (no ImageIO disk cache) and never returns metadata.
 */
final class Decoder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Decoder.class);

    private final byte[] source;
    private final ImageReader reader;
    private final String format;
    private final int width;
    private final int height;
    private final ICC_Profile profile;
    private String decodedBy = "none";

    private Decoder(byte[] source, ImageReader reader, int width, int height, ICC_Profile profile) throws IOException {
        this.source = source;
        this.profile = profile;
        this.reader = reader;
        this.format = reader.getFormatName().toLowerCase(Locale.ROOT);
        this.width = width;
        this.height = height;
    }

    /** Opens the image and reads its header; no pixel is decoded yet. */
    static Decoder open(byte[] original) throws PermanentProcessingException {
        IccProfiles.Extracted colour = IccProfiles.extract(original);
        byte[] source = colour.source();
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(source));
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new PermanentProcessingException("image could not be decoded: unsupported format", null);
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0), h = reader.getHeight(0);
            if (w < 1 || h < 1) {
                throw new IOException("image has no pixels: " + w + "x" + h);
            }
            return new Decoder(source, reader, w, h, colour.profile());
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            throw new PermanentProcessingException("image could not be decoded: " + describe(e), e);
        }
    }

    /**
     * The embedded RGB profile the decoded pixels are still in (to be converted to sRGB after
     * resizing, see {@link IccProfiles}), or null when they are sRGB already.
     */
    ICC_Profile profile() {
        return profile;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    boolean isJpeg() {
        return format.equals("jpeg") || format.equals("jpg");
    }

    /** Which decoder the last {@link #read} used: "libjpeg-turbo" or "imageio" ("none" before a read). */
    String decodedBy() {
        return decodedBy;
    }

    /** EXIF orientation 1-8; 1 when there is no tag or the metadata cannot be read. */
    int orientation() {
        try {
            Metadata md = isJpeg()
                    ? JpegMetadataReader.readMetadata(new ByteArrayInputStream(source), List.of(new ExifReader()))
                    : ImageMetadataReader.readMetadata(new ByteArrayInputStream(source), source.length);
            ExifIFD0Directory dir = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (Exception e) {
            // broken or unsupported metadata: the pixels are still fine, show them as stored
        }
        return 1;
    }

    /**
     * The largest source subsampling that still leaves at least twice the target size on both
     * axes, so the final area-average resize has real pixels to average.
     */
    static int subsamplingFor(int width, int height, int targetWidth, int targetHeight) {
        int s = Math.min(width / (2 * targetWidth), height / (2 * targetHeight));
        return Math.max(1, s);
    }

    /**
     * Decodes the pixels shrunk by {@code subsampling} on both axes. Baseline JPEGs the JDK reader
     * handles (YCbCr, gray) are box-averaged row by row while decoding; anything else keeps every
     * {@code subsampling}-th pixel: CMYK/YCCK (TwelveMonkeys), and progressive JPEGs, because the
     * JDK re-emits every row once per scan (about 10 times) and box-averaging them all costs 2x.
     */
    Pixels read(int subsampling) throws PermanentProcessingException {
        return read(subsampling, false);
    }

    /**
     * As {@link #read(int)}; with {@code nativeJpeg}, a YCbCr or gray JPEG is decoded by
     * libjpeg-turbo ({@link NativeJpeg}), scaled in the DCT domain by the largest power of two
     * not above {@code subsampling}, so the result may be up to twice the asked-for size (the
     * resize that follows takes any size). Everything libjpeg-turbo declines takes the ImageIO
     * paths below.
     */
    Pixels read(int subsampling, boolean nativeJpeg) throws PermanentProcessingException {
        if (nativeJpeg && isJpeg()) {
            Pixels fast;
            try {
                fast = NativeJpeg.decode(source, NativeJpeg.reductionFor(subsampling));
            } catch (RuntimeException | LinkageError e) {
                // not expected (libjpeg-turbo answers errors as null); ImageIO still gets its say
                LOG.warnf("libjpeg-turbo failed on a JPEG, decoding it with ImageIO: %s", e.toString());
                fast = null;
            }
            if (fast != null) {
                decodedBy = "libjpeg-turbo";
                return fast;
            }
        }
        decodedBy = "imageio";
        if (subsampling > 1 && isJpeg() && !isProgressiveJpeg(source)) {
            Pixels boxed = readJpegBoxShrunk(subsampling);
            if (boxed != null) {
                return boxed;
            }
        }
        return readSubsampled(subsampling);
    }

    /** True when the first SOF marker is a progressive one (SOF2, SOF6, SOF10, SOF14). */
    static boolean isProgressiveJpeg(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
                return true;
            }
            if (marker == 0xC0 || marker == 0xC1 || marker == 0xC3 || marker == 0xC5 || marker == 0xC7
                    || marker == 0xC9 || marker == 0xCB || marker == 0xCD || marker == 0xCF || marker == 0xDA) {
                return false;
            }
            p += 2 + ((b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF));
        }
        return false;
    }

    /** Null when the JDK reader cannot decode this JPEG into the box-shrink destination. */
    private Pixels readJpegBoxShrunk(int factor) {
        ImageReader jdk = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (jdk == null && r.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg")) {
                jdk = r;
            } else {
                r.dispose();
            }
        }
        if (jdk == null) {
            return null;
        }
        try {
            jdk.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(source)), true, true);
            int bands = jdk.getImageTypes(0).next().getNumBands();
            if (bands != 1 && bands != 3) {
                return null;
            }
            ImageReadParam param = jdk.getDefaultReadParam();
            BufferedImage dest = BoxShrinkRaster.destination(width, height, bands, factor);
            param.setDestination(dest);
            jdk.read(0, param);
            return BoxShrinkRaster.result(dest);
        } catch (IOException | RuntimeException e) {
            return null; // e.g. CMYK/YCCK or an odd layout: the TwelveMonkeys path below decodes it
        } finally {
            jdk.dispose();
        }
    }

    private Pixels readSubsampled(int subsampling) throws PermanentProcessingException {
        BufferedImage img;
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            img = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new PermanentProcessingException("image could not be decoded: " + describe(e), e);
        }
        return toPixels(img);
    }

    @Override
    public void close() {
        reader.dispose();
    }

    /** Converts to interleaved RGB/RGBA/gray bytes, reusing the decoder's array where the layout allows. */
    static Pixels toPixels(BufferedImage img) {
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
        return toPixels(std);
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

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
