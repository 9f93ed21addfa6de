package com.greenvue.images.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 3-channel loops written out per channel give exactly the bytes of the any-channel loops they stand in for. */
class ResizerTest {

    private static Pixels random(int w, int h, int c, long seed) {
        byte[] data = new byte[w * h * c];
        new SplittableRandom(seed).nextBytes(data);
        return new Pixels(w, h, c, data);
    }

    @Test
    void rgbHalvingMatchesTheAnyChannelLoop() {
        for (int[] size : new int[][] {{2, 2}, {3, 5}, {64, 48}, {641, 479}, {2000, 1500}}) {
            Pixels p = random(size[0], size[1], 3, size[0] * 31L + size[1]);
            Pixels fast = Resizer.halveRgb(p), any = Resizer.halveAnyChannels(p);
            assertEquals(any.width(), fast.width());
            assertEquals(any.height(), fast.height());
            assertArrayEquals(any.data(), fast.data(), size[0] + "x" + size[1]);
        }
    }

    @Test
    void rgbHorizontalResamplingMatchesTheAnyChannelLoop() {
        for (int[] size : new int[][] {{2, 1, 1}, {5, 3, 4}, {1000, 750, 853}, {1138, 20, 1000}, {999, 7, 640}}) {
            Pixels p = random(size[0], size[1], 3, size[0] * 17L + size[2]);
            Pixels fast = Resizer.horizontalRgb(p, size[2]), any = Resizer.horizontalAnyChannels(p, size[2]);
            assertEquals(size[2], fast.width());
            assertEquals(any.height(), fast.height());
            assertArrayEquals(any.data(), fast.data(), size[0] + "x" + size[1] + " -> " + size[2]);
        }
    }

    @Test
    void everyChannelCountStillResizesToTheAskedSize() {
        for (int c : new int[] {1, 3, 4}) {
            Pixels out = Resizer.resize(random(4000, 3000, c, c), 853, 640);
            assertEquals(853, out.width());
            assertEquals(640, out.height());
            assertEquals(c, out.channels());
            assertEquals(853 * 640 * c, out.data().length);
        }
    }
}
