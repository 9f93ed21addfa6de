package com.greenvue.images.processing;

import com.greenvue.images.bytes.Bytes;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Colour management: takes the embedded RGB ICC profile of a JPEG (APP2), PNG (iCCP) or WebP
 * (ICCP), as {@link EmbeddedProfiles} finds it, and converts the small, resized pixels to sRGB, so wide-gamut photos (Display P3,
 * Adobe RGB) keep their colours at the cost of a few hundred kilopixels instead of the full photo.
 * JPEG profiles are cut out before decoding so no reader converts at full resolution. Never
 * converts twice, never touches CMYK/gray profiles (their readers handle them), and a broken
 * profile never fails an image: it is shown as if it were sRGB.
 */
final class IccProfiles {

    /** Bytes to decode (JPEG ICC segments removed when we take over) and the profile to convert from, or null. */
    record Extracted(byte[] source, ICC_Profile profile) {
    }

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
            if (b.length > 3 && Bytes.matches(b, 0, 0xFF, 0xD8)) {
                return jpeg(b);
            }
            if (b.length > 33 && Bytes.matches(b, 0, 0x89, 'P', 'N', 'G')) {
                return new Extracted(b, rgbProfile(EmbeddedProfiles.png(b)));
            }
            if (b.length > 30 && Bytes.matches(b, 0, "RIFF") && Bytes.matches(b, 8, "WEBP") && Bytes.matches(b, 12, "VP8X")) {
                return new Extracted(b, rgbProfile(EmbeddedProfiles.webp(b)));
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
        EmbeddedProfiles.JpegProfile found = EmbeddedProfiles.jpeg(b);
        if (found == null || found.components() != 3) {
            return new Extracted(b, null);
        }
        ICC_Profile profile = parse(found.data());
        if (profile == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return new Extracted(b, null);
        }
        return new Extracted(EmbeddedProfiles.without(b, found.segments()), isSrgbLike(profile) ? null : profile);
    }

    private static ICC_Profile rgbProfile(byte[] data) {
        ICC_Profile p = data == null ? null : parse(data);
        if (p == null || p.getColorSpaceType() != ColorSpace.TYPE_RGB || isSrgbLike(p)) {
            return null;
        }
        return p;
    }

    private static ICC_Profile parse(byte[] data) {
        if (data.length < 132 || data.length > EmbeddedProfiles.MAX_PROFILE_BYTES) {
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
        Pixels out = new Pixels(p.width(), p.height(), p.channels(), new byte[p.data().length]);
        new ColorConvertOp(null).filter(p.toBufferedImage(new ICC_ColorSpace(profile)), out.toBufferedImage(SRGB));
        return out;
    }
}
