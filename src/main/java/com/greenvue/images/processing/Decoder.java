package com.greenvue.images.processing;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import com.greenvue.images.bytes.JpegSegments;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
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
     * Decodes the pixels shrunk by {@code subsampling} on both axes. With {@code nativeJpeg}, a
     * YCbCr or gray JPEG is decoded by libjpeg-turbo ({@link NativeJpeg}), scaled in the DCT domain
     * by the largest power of two not above {@code subsampling}, so the result may be up to twice
     * the asked-for size (the resize that follows takes any size). Everything libjpeg-turbo
     * declines takes ImageIO: baseline JPEGs the JDK reader handles (YCbCr, gray) are box-averaged
     * row by row while decoding; anything else keeps every {@code subsampling}-th pixel: CMYK/YCCK
     * (TwelveMonkeys), and progressive JPEGs, because the JDK re-emits every row once per scan
     * (about 10 times) and box-averaging them all costs 2x.
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

    /** True when the first frame header (SOF marker) is a progressive one. */
    static boolean isProgressiveJpeg(byte[] b) {
        JpegSegments walk = new JpegSegments(b);
        for (JpegSegments.Segment s; (s = walk.next()) != null && s.marker() != JpegSegments.SOS; ) {
            if (s.isFrameHeader()) {
                return s.isProgressiveFrame();
            }
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
        return Pixels.of(img);
    }

    @Override
    public void close() {
        reader.dispose();
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
