package com.greenvue.images.processing;

/**
 * Applies an EXIF orientation (1-8) to already resized pixels, so the rotation costs a few
 * hundred kilopixels instead of the full photo. Never reads metadata itself: {@link Decoder}
 * finds the tag; an unknown value means "as stored".
 */
final class Orientation {

    private Orientation() {
    }

    /** Orientations 5-8 swap width and height. */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    static Pixels apply(Pixels src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        int w = src.width(), h = src.height(), c = src.channels();
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w, oh = swap ? w : h;
        byte[] in = src.data();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int dy = 0; dy < oh; dy++) {
            for (int dx = 0; dx < ow; dx++) {
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - dx; sy = dy; }
                    case 3 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
                    case 4 -> { sx = dx; sy = h - 1 - dy; }
                    case 5 -> { sx = dy; sy = dx; }
                    case 6 -> { sx = dy; sy = h - 1 - dx; }
                    case 7 -> { sx = w - 1 - dy; sy = h - 1 - dx; }
                    default -> { sx = w - 1 - dy; sy = dx; } // 8
                }
                System.arraycopy(in, (sy * w + sx) * c, out, o, c);
                o += c;
            }
        }
        return new Pixels(ow, oh, c, out);
    }
}
