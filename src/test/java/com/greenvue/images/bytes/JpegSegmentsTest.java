package com.greenvue.images.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JpegSegmentsTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void walksSegmentsSkippingFillAndParameterlessMarkersUpToTheScan() {
        byte[] b = bytes(0xFF, 0xD8, // SOI
                0xFF, 0xE0, 0x00, 0x04, 'J', 'F', // APP0, 2 bytes of data
                0xFF, 0xFF, 0xD0, // fill, then RST0 (no length)
                0xFF, 0xC2, 0x00, 0x08, 8, 0x00, 0x10, 0x00, 0x20, 3, // progressive SOF: 16 high, 32 wide
                0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0x56, 0x78);
        JpegSegments walk = new JpegSegments(b);
        JpegSegments.Segment app0 = walk.next();
        assertEquals(0xE0, app0.marker());
        assertEquals(2, app0.position());
        assertEquals(8, app0.end());
        JpegSegments.Segment sof = walk.next();
        assertEquals(0xC2, sof.marker());
        assertTrue(sof.isFrameHeader());
        assertTrue(sof.isProgressiveFrame());
        assertEquals(32, Bytes.u16be(b, sof.position() + 7));
        assertEquals(JpegSegments.SOS, walk.next().marker());
        assertNull(walk.next(), "the scan's first bytes are no marker");
        assertEquals(25, walk.garbageAt());
    }

    @Test
    void stopsAtEndOfImageAndAtABadLength() {
        JpegSegments eoi = new JpegSegments(bytes(0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xE0, 0x00, 0x02));
        assertNull(eoi.next());
        assertEquals(-1, eoi.garbageAt());
        assertEquals(-1, eoi.badLengthAt());

        JpegSegments bad = new JpegSegments(bytes(0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0, 0));
        assertNull(bad.next());
        assertEquals(2, bad.badLengthAt());
    }

    @Test
    void readsPastTheEndAsZero() {
        byte[] b = bytes(0x12, 0x34, 0x56);
        assertEquals(0x1234, Bytes.u16be(b, 0));
        assertEquals(0x3412, Bytes.u16le(b, 0));
        assertEquals(0x563412, Bytes.u24le(b, 0));
        assertEquals(0, Bytes.u16be(b, 2));
        assertEquals(0, Bytes.u32le(b, 0));
        assertEquals(0, Bytes.u32be(b, -1));
        assertEquals(0xFFFFFFFFL, Bytes.u32be(bytes(0xFF, 0xFF, 0xFF, 0xFF), 0));
        assertEquals(0xFFFFFFFFL, Bytes.u32le(bytes(0xFF, 0xFF, 0xFF, 0xFF), 0));
        assertTrue(Bytes.matches(bytes('I', 'C', 'C', 0), 0, "ICC\0"));
        assertFalse(Bytes.matches(b, 2, 0x56, 0x00));
    }
}
