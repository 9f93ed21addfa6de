package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.FormatSamples;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How {@link IccProfiles} decides who converts colours, so no image is converted twice or at full size. */
class ImageFormatsColourProfilesTest {

    @Test
    void srgbIsRecognisedAndWideGamutProfilesAreNot() {
        assertTrue(IccProfiles.isSrgbLike(ICC_Profile.getInstance(ColorSpace.CS_sRGB)));
        assertFalse(IccProfiles.isSrgbLike(FormatSamples.displayP3()));
        assertFalse(IccProfiles.isSrgbLike(FormatSamples.adobeRgb()));
    }

    @Test
    void jpegWideGamutProfileIsCutOutBeforeDecodingAndKeptForConversion() {
        byte[] jpeg = FormatSamples.jpegWithProfile(64, 48, Color.RED, FormatSamples.displayP3(), false);
        IccProfiles.Extracted e = IccProfiles.extract(jpeg);
        assertNotNull(e.profile());
        assertEquals(-1, FormatSamples.indexOf(e.source(), "ICC_PROFILE"), "APP2 ICC segments removed");
        assertEquals(jpeg.length - 2 - 16 - FormatSamples.displayP3().getData().length, e.source().length);
    }

    @Test
    void jpegSrgbProfileIsCutOutWithNothingToConvert() {
        byte[] jpeg = FormatSamples.jpegWithProfile(64, 48, Color.RED, ICC_Profile.getInstance(ColorSpace.CS_sRGB), true);
        IccProfiles.Extracted e = IccProfiles.extract(jpeg);
        assertNull(e.profile());
        assertEquals(-1, FormatSamples.indexOf(e.source(), "ICC_PROFILE"));
    }

    @Test
    void cmykJpegAndUntaggedImagesAreLeftAlone() {
        byte[] cmyk = FormatSamples.withIccProfile(FormatSamples.cmykJpeg(64, 48), FormatSamples.adobeRgb().getData());
        IccProfiles.Extracted e = IccProfiles.extract(cmyk);
        assertSame(cmyk, e.source(), "a 4-component JPEG keeps its segments for TwelveMonkeys");
        assertNull(e.profile());
        byte[] png = FormatSamples.png(FormatSamples.flat(8, 8, Color.RED), false);
        assertSame(png, IccProfiles.extract(png).source());
        assertNull(IccProfiles.extract(png).profile());
    }

    @Test
    void brokenProfileNeverFailsAnImage() {
        byte[] junk = new byte[600];
        Arrays.fill(junk, (byte) 7);
        byte[] jpeg = FormatSamples.withIccProfile(FormatSamples.jpeg(FormatSamples.flat(64, 48, Color.RED), false), junk);
        IccProfiles.Extracted e = IccProfiles.extract(jpeg);
        assertNull(e.profile());
        Pixels p = new Pixels(2, 1, 3, new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(p.data(), IccProfiles.toSrgb(p, null).data());
    }

    @Test
    void conversionKeepsAlphaUntouched() {
        Pixels p = new Pixels(2, 1, 4, new byte[] {(byte) 210, 60, 40, 0, (byte) 210, 60, 40, (byte) 128});
        Pixels out = IccProfiles.toSrgb(p, FormatSamples.displayP3());
        assertEquals(0, out.data()[3]);
        assertEquals((byte) 128, out.data()[7]);
        assertTrue((out.data()[4] & 0xFF) > 215, "red more saturated in sRGB: " + (out.data()[4] & 0xFF));
    }
}
