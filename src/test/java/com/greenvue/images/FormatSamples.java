package com.greenvue.images;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The real-world format variants of issue 6 ("images that must come out right"), generated in
 * memory with ImageIO writers, TwelveMonkeys, webp-imageio and hand-built bytes. Never downloads
 * anything and never reads fixtures from disk or ../shared.
 */
public final class FormatSamples {

    /** Distinct, saturated colours the tests look for after processing. */
    public static final Color RED = new Color(220, 30, 30);
    public static final Color GREEN = new Color(30, 170, 60);
    public static final Color BLUE = new Color(30, 60, 200);
    public static final Color YELLOW = new Color(235, 210, 40);

    /** Text hidden in metadata that must never reach the output. */
    public static final String SECRET = "GPS-SECRET-48.8584N-2.2945E";

    private FormatSamples() {
    }

    // ---------------------------------------------------------------- pictures

    /** Four quadrants: top-left red, top-right green, bottom-left blue, bottom-right yellow. */
    public static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, w / 2, h / 2);
        g.setColor(GREEN);
        g.fillRect(w / 2, 0, w - w / 2, h / 2);
        g.setColor(BLUE);
        g.fillRect(0, h / 2, w / 2, h - h / 2);
        g.setColor(YELLOW);
        g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return img;
    }

    /** One flat colour. */
    public static BufferedImage flat(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** Left half fully transparent, right half opaque {@code c}. */
    public static BufferedImage halfTransparent(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    // ---------------------------------------------------------------- JPEG

    public static byte[] jpeg(BufferedImage img, boolean progressive) {
        return jpeg(img, progressive, 0.92f);
    }

    /** The JDK's own JPEG encoder at {@code quality} (0-1), baseline or progressive. */
    public static byte[] jpeg(BufferedImage img, boolean progressive, float quality) {
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            p.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] grayJpeg(int w, int h) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D gr = g.createGraphics();
        gr.setColor(new Color(40, 40, 40));
        gr.fillRect(0, 0, w / 2, h);
        gr.setColor(new Color(210, 210, 210));
        gr.fillRect(w / 2, 0, w - w / 2, h);
        gr.dispose();
        return jpeg(g, false);
    }

    /**
     * An Adobe CMYK JPEG (APP14 transform 0, four components, inverted as Photoshop stores them),
     * written by TwelveMonkeys: left half red (C0 M100 Y100 K0), right half cyan (C100 M0 Y0 K0).
     */
    public static byte[] cmykJpeg(int w, int h) {
        return fourComponentJpeg(w, h, false);
    }

    /**
     * An Adobe YCCK JPEG (APP14 transform 2): the same picture as {@link #cmykJpeg}, with C, M, Y
     * stored as YCbCr the way libjpeg's CMYK→YCCK step does it and K inverted.
     */
    public static byte[] ycckJpeg(int w, int h) {
        return fourComponentJpeg(w, h, true);
    }

    private static byte[] fourComponentJpeg(int w, int h, boolean ycck) {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        int[] red = {0, 255, 255, 0};
        int[] cyan = {255, 0, 0, 0};
        int[] row = new int[w * 4];
        for (int x = 0; x < w; x++) {
            int[] c = x < w / 2 ? red : cyan;
            int[] v = ycck ? ycckAsWriterInput(c) : c;
            System.arraycopy(v, 0, row, x * 4, 4);
        }
        for (int y = 0; y < h; y++) {
            r.setPixels(0, y, w, 1, row);
        }
        BufferedImage img = new BufferedImage(cm, r, false, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next(); // TwelveMonkeys first
        if (!writer.getClass().getName().startsWith("com.twelvemonkeys")) {
            throw new IllegalStateException("TwelveMonkeys JPEG writer not first: " + writer);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] b = out.toByteArray();
        int app14 = findSegment(b, 0xEE);
        if (app14 < 0 || b[app14 + 15] != 0) {
            throw new IllegalStateException("expected an Adobe APP14 marker with transform 0");
        }
        if (ycck) {
            b[app14 + 15] = 2; // the samples written are already Y, Cb, Cr, K
        }
        return b;
    }

    /**
     * For a YCCK file libjpeg computes YCbCr from (255 - inverted C, M, Y) and keeps K as stored
     * (inverted). The TwelveMonkeys writer inverts all four samples, so hand it the inverse.
     */
    private static int[] ycckAsWriterInput(int[] cmyk) {
        double r = cmyk[0], g = cmyk[1], b = cmyk[2];
        double y = 0.299 * r + 0.587 * g + 0.114 * b;
        double cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        double cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        int[] stored = {clamp(y), clamp(cb), clamp(cr), 255 - cmyk[3]};
        return new int[] {255 - stored[0], 255 - stored[1], 255 - stored[2], 255 - stored[3]};
    }

    /** A flat-colour JPEG whose stored numbers are {@code c}, tagged with {@code profile} (APP2 ICC_PROFILE). */
    public static byte[] jpegWithProfile(int w, int h, Color c, ICC_Profile profile, boolean progressive) {
        return withIccProfile(jpeg(flat(w, h, c), progressive), profile.getData());
    }

    /** Inserts APP2 ICC_PROFILE segment(s) after the JFIF APP0 (split into 64 KB chunks if needed). */
    public static byte[] withIccProfile(byte[] jpeg, byte[] icc) {
        int max = 65533 - 14;
        int count = (icc.length + max - 1) / max;
        ByteArrayOutputStream segs = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int off = i * max, len = Math.min(max, icc.length - off);
            int segLen = 2 + 14 + len;
            segs.write(0xFF);
            segs.write(0xE2);
            segs.write(segLen >> 8);
            segs.write(segLen);
            segs.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
            segs.write(i + 1);
            segs.write(count);
            segs.write(icc, off, len);
        }
        return insertAfterApp0(jpeg, segs.toByteArray());
    }

    /** A JPEG carrying EXIF with a GPS IFD (and the secret in Make), an XMP packet and an sRGB ICC profile. */
    public static byte[] jpegWithAllMetadata(int w, int h) {
        byte[] jpeg = jpeg(quadrants(w, h), false);
        jpeg = withIccProfile(jpeg, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        byte[] xmp = concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII), xmpPacket());
        return insertAfterApp0(jpeg, concat(segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII),
                tiffWithGps())), segment(0xE1, xmp)));
    }

    public static byte[] xmpPacket() {
        return ("<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
                + "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
                + "xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='" + SECRET + "'/></rdf:RDF>"
                + "</x:xmpmeta><?xpacket end='w'?>").getBytes(StandardCharsets.UTF_8);
    }

    /** Little-endian TIFF: IFD0 with Make (the secret), Orientation 1 and a GPS IFD with latitude. */
    public static byte[] tiffWithGps() {
        byte[] make = (SECRET + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifd0 = 8, ifd0Size = 2 + 3 * 12 + 4;
        int gps = ifd0 + ifd0Size, gpsSize = 2 + 2 * 12 + 4;
        int makeOff = gps + gpsSize, latOff = makeOff + make.length;
        ByteBuffer t = ByteBuffer.allocate(latOff + 24).order(ByteOrder.LITTLE_ENDIAN);
        t.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
        t.putShort((short) 3);
        t.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(makeOff);
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        t.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gps);
        t.putInt(0);
        t.putShort((short) 2);
        t.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        t.putShort((short) 2).putShort((short) 5).putInt(3).putInt(latOff);
        t.putInt(0);
        t.put(make);
        t.putInt(48).putInt(1).putInt(51).putInt(1).putInt(3024).putInt(100);
        return t.array();
    }

    /** A JPEG with an APP1 Exif segment holding only Orientation, right after SOI. */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        return TestImages.withExifOrientation(jpeg, orientation);
    }

    // ---------------------------------------------------------------- ICC profiles

    /** Adobe RGB (1998)-compatible: TwelveMonkeys' bundled ClayRGB1998 profile. */
    public static ICC_Profile adobeRgb() {
        return ((ICC_ColorSpace) ColorSpaces.getColorSpace(ColorSpaces.CS_ADOBE_RGB_1998)).getProfile();
    }

    /**
     * Display P3: the JDK's sRGB profile (same tone curve as P3) with the P3 primaries (D50-adapted
     * colorants, as in Apple's profile) and its own description.
     */
    public static ICC_Profile displayP3() {
        ICC_Profile p = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        p.setData(ICC_Profile.icSigRedColorantTag, xyzTag(0.515102, 0.241182, -0.001050));
        p.setData(ICC_Profile.icSigGreenColorantTag, xyzTag(0.291965, 0.692236, 0.041882));
        p.setData(ICC_Profile.icSigBlueColorantTag, xyzTag(0.157153, 0.066542, 0.784378));
        p.setData(ICC_Profile.icSigProfileDescriptionTag, descTag("Display P3 (GreenVue test)"));
        return ICC_Profile.getInstance(p.getData());
    }

    /** D50 colorant matrix columns (X, Y, Z of R, G, B) for the profiles above, for reference maths. */
    public static double[][] colorants(ICC_Profile p) {
        double[][] m = new double[3][3];
        int[] tags = {ICC_Profile.icSigRedColorantTag, ICC_Profile.icSigGreenColorantTag, ICC_Profile.icSigBlueColorantTag};
        for (int c = 0; c < 3; c++) {
            ByteBuffer b = ByteBuffer.wrap(p.getData(tags[c]));
            for (int k = 0; k < 3; k++) {
                m[k][c] = b.getInt(8 + 4 * k) / 65536.0;
            }
        }
        return m;
    }

    private static byte[] xyzTag(double x, double y, double z) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.putInt((int) Math.round(x * 65536)).putInt((int) Math.round(y * 65536)).putInt((int) Math.round(z * 65536));
        return b.array();
    }

    private static byte[] descTag(String text) {
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67);
        b.put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii);
        b.putInt(0).putInt(0).putShort((short) 0).put((byte) 0);
        return b.array();
    }

    // ---------------------------------------------------------------- PNG

    public static byte[] png(BufferedImage img, boolean interlaced) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] b = out.toByteArray();
        if (interlaced && b[28] != 1) {
            throw new IllegalStateException("PNG writer did not interlace");
        }
        return b;
    }

    /** 16 bits per sample RGB: left half red, right half blue. */
    public static byte[] png16(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        short[] d = ((DataBufferUShort) r.getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color c = x < w / 2 ? RED : BLUE;
                int i = (y * w + x) * 3;
                d[i] = (short) (c.getRed() * 257 + 99); // low byte set so 16 bits are really used
                d[i + 1] = (short) (c.getGreen() * 257 + 99);
                d[i + 2] = (short) (c.getBlue() * 257 + 99);
            }
        }
        byte[] b = png(new BufferedImage(cm, r, false, null), false);
        if (b[24] != 16) {
            throw new IllegalStateException("not a 16-bit PNG");
        }
        return b;
    }

    /** 16-bit grayscale: left half level 40, right half level 200 (of 255, gamma-encoded as PNG stores it). */
    public static byte[] png16Gray(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (short) ((x < w / 2 ? 40 : 200) * 257);
            }
        }
        byte[] b = png(img, false);
        if (b[24] != 16 || b[25] != 0) {
            throw new IllegalStateException("not a 16-bit gray PNG");
        }
        return b;
    }

    /** 8-bit palette with a tRNS chunk: index 0 fully transparent (left half), index 1 opaque green. */
    public static byte[] palettePngWithTrns(int w, int h) {
        byte[] r = {0, (byte) GREEN.getRed(), 0, 0};
        byte[] g = {0, (byte) GREEN.getGreen(), 0, 0};
        byte[] b = {0, (byte) GREEN.getBlue(), 0, 0};
        byte[] a = {0, (byte) 255, (byte) 255, (byte) 255};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, icm);
        WritableRaster ras = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                ras.setSample(x, y, 0, 1);
            }
        }
        byte[] png = png(img, false);
        if (png[25] != 3 || indexOf(png, "tRNS") < 0) {
            throw new IllegalStateException("not a palette PNG with tRNS");
        }
        return png;
    }

    /** Gray + alpha (colour type 4): left half transparent, right half opaque light gray. */
    public static byte[] grayAlphaPng(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, 2, 2 * w,
                new int[] {0, 1});
        byte[] d = new byte[w * h * 2];
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                d[(y * w + x) * 2] = (byte) 200;
                d[(y * w + x) * 2 + 1] = (byte) 255;
            }
        }
        WritableRaster r = Raster.createWritableRaster(sm, new DataBufferByte(d, d.length), new Point());
        byte[] png = png(new BufferedImage(cm, r, false, null), false);
        if (png[25] != 4) {
            throw new IllegalStateException("not a gray+alpha PNG: colour type " + png[25]);
        }
        return png;
    }

    /** Inserts a chunk right after IHDR (ancillary chunks such as tEXt, iTXt, eXIf, iCCP go there). */
    public static byte[] withPngChunk(byte[] png, String type, byte[] data) {
        ByteBuffer c = ByteBuffer.allocate(12 + data.length);
        c.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(c.array(), 4, 4 + data.length);
        c.putInt((int) crc.getValue());
        return concat(Arrays.copyOf(png, 33), c.array(), Arrays.copyOfRange(png, 33, png.length));
    }

    /** An iCCP chunk body: name, compression method 0, zlib-compressed profile. */
    public static byte[] iccpChunk(ICC_Profile profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("icc\0\0".getBytes(StandardCharsets.US_ASCII));
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(profile.getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- GIF, BMP

    /** Two frames: the first pure red, the second pure blue (exact palette colours); only the first may be shown. */
    public static byte[] animatedGif(int w, int h) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color c : new Color[] {Color.RED, Color.BLUE}) {
                BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
                Graphics2D g = frame.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, w, h);
                g.dispose();
                ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
                IIOMetadata md = writer.getDefaultImageMetadata(type, null);
                String f = md.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(f);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "50");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                IIOMetadataNode apps = new IIOMetadataNode("ApplicationExtensions");
                IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                app.setAttribute("applicationID", "NETSCAPE");
                app.setAttribute("authenticationCode", "2.0");
                app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                apps.appendChild(app);
                root.appendChild(apps);
                md.setFromTree(f, root);
                writer.writeToSequence(new IIOImage(frame, null, md), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A GIF87a: the JDK writer's GIF89a with every extension block removed and the version patched. */
    public static byte[] gif87a(BufferedImage img) {
        byte[] b = TestImages.encode(img, "gif");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 13;
        if ((b[10] & 0x80) != 0) {
            p += 3 * (1 << ((b[10] & 7) + 1));
        }
        out.write(b, 0, p);
        while (p < b.length) {
            int start = p;
            int kind = b[p] & 0xFF;
            if (kind == 0x3B) {
                out.write(0x3B);
                break;
            }
            if (kind == 0x21) {
                p += 2;
            } else if (kind == 0x2C) {
                int flags = b[p + 9] & 0xFF;
                p += 10;
                if ((flags & 0x80) != 0) {
                    p += 3 * (1 << ((flags & 7) + 1));
                }
                p++; // LZW minimum code size
            } else {
                throw new IllegalStateException("unexpected GIF block " + kind);
            }
            while ((b[p] & 0xFF) != 0) {
                p += 1 + (b[p] & 0xFF);
            }
            p++;
            if (kind == 0x2C) {
                out.write(b, start, p - start);
            }
        }
        byte[] gif = out.toByteArray();
        gif[4] = '7';
        return gif;
    }

    public static byte[] bmp(BufferedImage img) {
        return TestImages.encode(img, "bmp");
    }

    /**
     * A hand-built BMP: 24-bit bottom-up with an OS/2 BITMAPCOREHEADER (12 bytes) or a 40-byte
     * header stored top-down (negative height). Left half red, right half blue.
     */
    public static byte[] handBmp24(int w, int h, boolean os2Core, boolean topDown) {
        int dib = os2Core ? 12 : 40;
        int stride = (w * 3 + 3) & ~3;
        int dataOff = 14 + dib;
        ByteBuffer b = ByteBuffer.allocate(dataOff + stride * h).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(dataOff + stride * h).putInt(0).putInt(dataOff);
        b.putInt(dib);
        if (os2Core) {
            b.putShort((short) w).putShort((short) h).putShort((short) 1).putShort((short) 24);
        } else {
            b.putInt(w).putInt(topDown ? -h : h).putShort((short) 1).putShort((short) 24).putInt(0).putInt(stride * h)
                    .putInt(2835).putInt(2835).putInt(0).putInt(0);
        }
        for (int row = 0; row < h; row++) {
            int start = b.position();
            for (int x = 0; x < w; x++) {
                Color c = x < w / 2 ? RED : BLUE;
                b.put((byte) c.getBlue()).put((byte) c.getGreen()).put((byte) c.getRed());
            }
            b.position(start + stride);
        }
        return b.array();
    }

    /**
     * A 32-bit BGRA BMP with a BITMAPV5HEADER (124 bytes, BI_BITFIELDS with an alpha mask): left
     * half fully transparent, right half opaque red.
     */
    public static byte[] bmpV5WithAlpha(int w, int h) {
        int dib = 124, dataOff = 14 + dib, size = w * h * 4;
        ByteBuffer b = ByteBuffer.allocate(dataOff + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(dataOff + size).putInt(0).putInt(dataOff);
        b.putInt(dib).putInt(w).putInt(h).putShort((short) 1).putShort((short) 32).putInt(3).putInt(size)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(0xFF000000); // R, G, B, A masks
        b.put("BGRs".getBytes(StandardCharsets.US_ASCII)); // LCS_sRGB, stored little-endian
        b.position(14 + dib);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < w / 2) {
                    b.putInt(0);
                } else {
                    b.putInt(0xFF000000 | RED.getRed() << 16 | RED.getGreen() << 8 | RED.getBlue());
                }
            }
        }
        return b.array();
    }

    // ---------------------------------------------------------------- WebP input

    /** WebP written by webp-imageio: lossy (VP8, or VP8X+ALPH with alpha) or lossless (VP8L). */
    public static byte[] webp(BufferedImage img, boolean lossless) {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType("image/webp").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType(lossless ? "Lossless" : "Lossy");
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A simple lossy WebP (one VP8 chunk) rewrapped as extended WebP with ICCP, EXIF (with GPS)
     * and XMP chunks, as cameras and editors write it.
     */
    public static byte[] webpWithMetadata(BufferedImage img) {
        return webpWithMetadata(img, ICC_Profile.getInstance(ColorSpace.CS_sRGB));
    }

    /** As {@link #webpWithMetadata(BufferedImage)} with {@code profile} in the ICCP chunk. */
    public static byte[] webpWithMetadata(BufferedImage img, ICC_Profile profile) {
        byte[] simple = webp(img, false);
        if (!new String(simple, 12, 4, StandardCharsets.US_ASCII).equals("VP8 ")) {
            throw new IllegalStateException("expected a simple VP8 WebP");
        }
        byte[] vp8 = Arrays.copyOfRange(simple, 12, simple.length);
        int w = img.getWidth() - 1, h = img.getHeight() - 1;
        byte[] vp8x = {0x20 | 0x08 | 0x04, 0, 0, 0, (byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) h,
            (byte) (h >> 8), (byte) (h >> 16)};
        byte[] body = concat("WEBP".getBytes(StandardCharsets.US_ASCII), riffChunk("VP8X", vp8x),
                riffChunk("ICCP", profile.getData()), vp8,
                riffChunk("EXIF", tiffWithGps()), riffChunk("XMP ", xmpPacket()));
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
        return concat(head.array(), body);
    }

    private static byte[] riffChunk(String fourcc, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    // ---------------------------------------------------------------- bytes

    private static ImageWriter jdkJpegWriter() {
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }

    /** Offset of the first JPEG segment with this marker before the scan, or -1. */
    public static int findSegment(byte[] b, int marker) {
        int p = 2;
        while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
            int m = b[p + 1] & 0xFF;
            if (m == marker) {
                return p;
            }
            if (m == 0xDA) {
                return -1;
            }
            p += 2 + ((b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF));
        }
        return -1;
    }

    private static byte[] segment(int marker, byte[] payload) {
        int len = payload.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (len >> 8), (byte) len}, payload);
    }

    private static byte[] insertAfterApp0(byte[] jpeg, byte[] segments) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        return concat(Arrays.copyOf(jpeg, at), segments, Arrays.copyOfRange(jpeg, at, jpeg.length));
    }

    public static int indexOf(byte[] b, String ascii) {
        byte[] s = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + s.length <= b.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (b[i + j] != s[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        return TestImages.concat(parts);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
