package com.greenvue.images.processing;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Colour management: finds the embedded RGB ICC profile of a JPEG (APP2), PNG (iCCP) or WebP
 * (ICCP) and converts the small, resized pixels to sRGB, so wide-gamut photos (Display P3,
 * Adobe RGB) keep their colours at the cost of a few hundred kilopixels instead of the full photo.
 * JPEG profiles are cut out before decoding so no reader converts at full resolution. Never
 * converts twice, never touches CMYK/gray profiles (their readers handle them), and a broken
 * profile never fails an image: it is shown as if it were sRGB.
 */
final class IccProfiles {

    /** Bytes to decode (JPEG ICC segments removed when we take over) and the profile to convert from, or null. */
    record Extracted(byte[] source, ICC_Profile profile) {
    }

    private static final int MAX_PROFILE_BYTES = 4 << 20;
    private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);

    /** Whether a profile (by content) is sRGB in effect; a few distinct profiles cover nearly every photo. */
    private static final Map<ProfileKey, Boolean> SRGB_LIKE = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ProfileKey, Boolean> eldest) {
            return size() > 32;
        }
    };

    private record ProfileKey(byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ProfileKey k && Arrays.equals(data, k.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    private IccProfiles() {
    }

    static Extracted extract(byte[] b) {
        try {
            if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
                return jpeg(b);
            }
            if (b.length > 33 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return new Extracted(b, rgbProfile(png(b)));
            }
            if (b.length > 30 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") && ascii(b, 12, "VP8X")) {
                return new Extracted(b, rgbProfile(webp(b)));
            }
        } catch (RuntimeException e) {
            // malformed headers are the decoder's business; colour stays as stored
        }
        return new Extracted(b, null);
    }

    /**
     * A 3-component JPEG's APP2 ICC_PROFILE chunks are removed (the readers would otherwise convert
     * every full-resolution row) and returned when the profile is RGB and not sRGB in effect.
     * CMYK/YCCK and gray JPEGs keep their segments: TwelveMonkeys needs a CMYK profile to convert.
     */
    private static Extracted jpeg(byte[] b) {
        ByteArrayOutputStream[] chunks = null;
        int components = 0;
        int p = 2;
        int firstIcc = -1;
        while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
            int m = b[p + 1] & 0xFF;
            if (m == 0xFF) {
                p++;
                continue;
            }
            if (m == 0xDA || m == 0xD9) {
                break;
            }
            int len = u16(b, p + 2);
            if (len < 2 || p + 2 + len > b.length) {
                break;
            }
            if (m == 0xE2 && len >= 16 && ascii(b, p + 4, "ICC_PROFILE\0")) {
                int seq = b[p + 16] & 0xFF, count = b[p + 17] & 0xFF;
                if (count == 0 || seq == 0 || seq > count) {
                    return new Extracted(b, null);
                }
                if (chunks == null) {
                    chunks = new ByteArrayOutputStream[count];
                    firstIcc = p;
                }
                if (count != chunks.length || chunks[seq - 1] != null) {
                    return new Extracted(b, null);
                }
                chunks[seq - 1] = new ByteArrayOutputStream();
                chunks[seq - 1].write(b, p + 18, len - 16);
            } else if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC && len >= 8) {
                components = b[p + 9] & 0xFF;
            }
            p += 2 + len;
        }
        if (chunks == null || components != 3) {
            return new Extracted(b, null);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteArrayOutputStream c : chunks) {
            if (c == null) {
                return new Extracted(b, null);
            }
            all.writeBytes(c.toByteArray());
        }
        ICC_Profile profile = parse(all.toByteArray());
        if (profile == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return new Extracted(b, null);
        }
        return new Extracted(withoutIccSegments(b, firstIcc), isSrgbLike(profile) ? null : profile);
    }

    /** A copy of the JPEG without its APP2 ICC_PROFILE segments (all of them lie before the scan). */
    private static byte[] withoutIccSegments(byte[] b, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, from);
        int p = from;
        while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
            int m = b[p + 1] & 0xFF;
            if (m == 0xDA || m == 0xD9 || m == 0xFF) {
                break;
            }
            int len = u16(b, p + 2);
            boolean icc = m == 0xE2 && len >= 16 && ascii(b, p + 4, "ICC_PROFILE\0");
            if (!icc) {
                out.write(b, p, 2 + len);
            }
            p += 2 + len;
        }
        out.write(b, p, b.length - p);
        return out.toByteArray();
    }

    /** The iCCP chunk's profile, inflated (at most 4 MB), or null; only chunks before IDAT count. */
    private static byte[] png(byte[] b) {
        int p = 8;
        while (p + 12 <= b.length) {
            int len = (int) Math.min(Integer.MAX_VALUE, be32(b, p));
            if (ascii(b, p + 4, "IDAT") || ascii(b, p + 4, "IEND") || len < 0 || p + 12L + len > b.length) {
                return null;
            }
            if (ascii(b, p + 4, "iCCP")) {
                int name = p + 8, end = p + 8 + len;
                while (name < end && b[name] != 0) {
                    name++;
                }
                if (name + 2 > end || b[name + 1] != 0) {
                    return null;
                }
                return inflate(b, name + 2, end - name - 2);
            }
            p += 12 + len;
        }
        return null;
    }

    /** The ICCP chunk of an extended (VP8X) WebP, or null. */
    private static byte[] webp(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            long size = le32(b, p + 4);
            if (p + 8 + size > b.length) {
                return null;
            }
            if (ascii(b, p, "ICCP")) {
                return Arrays.copyOfRange(b, p + 8, p + 8 + (int) size);
            }
            p += 8 + (int) size + (int) (size & 1);
        }
        return null;
    }

    private static ICC_Profile rgbProfile(byte[] data) {
        ICC_Profile p = data == null ? null : parse(data);
        if (p == null || p.getColorSpaceType() != ColorSpace.TYPE_RGB || isSrgbLike(p)) {
            return null;
        }
        return p;
    }

    private static ICC_Profile parse(byte[] data) {
        if (data.length < 132 || data.length > MAX_PROFILE_BYTES) {
            return null;
        }
        try {
            return ICC_Profile.getInstance(data);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * True when converting through this profile changes no probe colour by more than one level
     * (camera "sRGB IEC61966-2.1" profiles): those images need no conversion at all.
     */
    static boolean isSrgbLike(ICC_Profile profile) {
        ProfileKey key = new ProfileKey(profile.getData());
        synchronized (SRGB_LIKE) {
            Boolean known = SRGB_LIKE.get(key);
            if (known != null) {
                return known;
            }
        }
        boolean same;
        try {
            int[] levels = {0, 40, 100, 160, 220, 255};
            int n = levels.length * levels.length * levels.length;
            byte[] probe = new byte[n * 3];
            int i = 0;
            for (int r : levels) {
                for (int g : levels) {
                    for (int b : levels) {
                        probe[i++] = (byte) r;
                        probe[i++] = (byte) g;
                        probe[i++] = (byte) b;
                    }
                }
            }
            byte[] out = convert(new Pixels(n, 1, 3, probe.clone()), profile).data();
            same = true;
            for (int k = 0; k < probe.length && same; k++) {
                same = Math.abs((probe[k] & 0xFF) - (out[k] & 0xFF)) <= 1;
            }
        } catch (CMMException | IllegalArgumentException e) {
            same = true; // a profile the colour engine cannot use: show the numbers as stored
        }
        synchronized (SRGB_LIKE) {
            SRGB_LIKE.put(key, same);
        }
        return same;
    }

    /** The pixels converted from {@code profile} to sRGB; gray pixels or a failing profile are returned as they are. */
    static Pixels toSrgb(Pixels p, ICC_Profile profile) {
        if (profile == null || p.channels() < 3) {
            return p;
        }
        try {
            return convert(p, profile);
        } catch (CMMException | IllegalArgumentException e) {
            return p;
        }
    }

    private static Pixels convert(Pixels p, ICC_Profile profile) {
        byte[] out = new byte[p.data().length];
        BufferedImage src = image(p.width(), p.height(), p.channels(), p.data(), new ICC_ColorSpace(profile));
        BufferedImage dst = image(p.width(), p.height(), p.channels(), out, SRGB);
        new ColorConvertOp(null).filter(src, dst);
        return new Pixels(p.width(), p.height(), p.channels(), out);
    }

    private static BufferedImage image(int w, int h, int channels, byte[] data, ColorSpace cs) {
        boolean alpha = channels == 4;
        int[] offsets = alpha ? new int[] {0, 1, 2, 3} : new int[] {0, 1, 2};
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, channels,
                w * channels, offsets);
        return new BufferedImage(cm, Raster.createWritableRaster(sm, new DataBufferByte(data, data.length), new Point()),
                false, null);
    }

    private static byte[] inflate(byte[] b, int off, int len) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, off, len);
            ByteArrayOutputStream out = new ByteArrayOutputStream(len * 3);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_PROFILE_BYTES) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    private static boolean ascii(byte[] b, int off, String s) {
        if (off + s.length() > b.length) {
            return false;
        }
        return new String(b, off, s.length(), StandardCharsets.ISO_8859_1).equals(s);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long be32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((long) (b[i + 3] & 0xFF) << 24);
    }
}
