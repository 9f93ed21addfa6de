package com.greenvue.images.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.api.ApiException;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.common.util.CaseInsensitiveMap;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload's multipart reader against the framework's own parser (Quarkus REST's MultipartParser, run
 * here as the reference): the same parts and bytes for bodies full of near-boundaries, fed in pieces of
 * every size; and its limits, refusals and temp-file clean-up.
 */
class MultipartReaderTest {

    static final String BOUNDARY = "----greenvueBoundary7MA4YWxkTrZu0gW";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @TempDir
    Path temp;

    MultipartReader.Settings settings() {
        return new MultipartReader.Settings(temp, 64 * 1024, 210L * 1024 * 1024, 1000,
                List.of("image/jpeg", "image/png"), "UTF-8");
    }

    /** A body whose part data is random bytes salted with pieces of the boundary, CRs, LFs and dashes. */
    static byte[] trickyBody(Random random, List<byte[]> partData) throws IOException {
        byte[] token = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (random.nextBoolean()) {
            body.write("a preamble the parser skips\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        int parts = 1 + random.nextInt(4);
        for (int p = 0; p < parts; p++) {
            body.write(((p == 0 && body.size() == 0 ? "" : "\r\n") + "--" + BOUNDARY
                    + (random.nextBoolean() ? "  \t" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(("Content-Disposition: form-data; name=\"images\"; filename=\"p" + p + ".jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int length = random.nextInt(4) == 0 ? random.nextInt(8) : random.nextInt(300_000);
            while (data.size() < length) {
                switch (random.nextInt(6)) {
                    case 0 -> data.write(token, 0, 1 + random.nextInt(token.length - 1)); // a boundary cut short
                    case 1 -> data.write(new byte[] { '\r', '\n', '\r', '\n', '-', '-' }, 0, 1 + random.nextInt(6));
                    case 2 -> data.write(("X--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII)); // no CRLF before it
                    default -> {
                        byte[] noise = new byte[random.nextInt(5000)];
                        random.nextBytes(noise);
                        data.write(noise);
                    }
                }
            }
            partData.add(data.toByteArray());
            body.write(data.toByteArray());
        }
        body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        if (random.nextBoolean()) {
            body.write("an epilogue the parser ignores".getBytes(StandardCharsets.US_ASCII));
        }
        return body.toByteArray();
    }

    /** Hands out the body in pieces of random size (1 byte up to 200 KB), as a socket would. */
    static InputStream inPieces(byte[] body, Random random) {
        return new InputStream() {
            int at;

            @Override
            public int read() {
                return at < body.length ? body[at++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= body.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, body.length - at), 1 + random.nextInt(random.nextBoolean() ? 64 : 200_000));
                System.arraycopy(body, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** The framework's parser over the same body, fed in random pieces: each part's data. */
    static List<byte[]> referenceParts(byte[] body, Random random) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream[] current = new ByteArrayOutputStream[1];
        MultipartParser.ParseState state = MultipartParser.beginParse(new MultipartParser.PartHandler() {
            @Override
            public void beginPart(CaseInsensitiveMap<String> headers) {
                current[0] = new ByteArrayOutputStream();
            }

            @Override
            public void data(ByteBuffer buffer) {
                while (buffer.hasRemaining()) {
                    current[0].write(buffer.get());
                }
            }

            @Override
            public void endPart() {
                parts.add(current[0].toByteArray());
            }
        }, BOUNDARY.getBytes(StandardCharsets.US_ASCII), "UTF-8");
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(random.nextBoolean() ? 64 : 200_000));
            state.parse(ByteBuffer.wrap(body, at, n));
            at += n;
        }
        assertTrue(state.isComplete(), "the reference parser finished the body");
        return parts;
    }

    @Test
    void sameBytesAsTheFrameworksParserForBodiesFullOfNearBoundaries() throws Exception {
        for (int seed = 0; seed < 60; seed++) {
            Random random = new Random(seed);
            List<byte[]> written = new ArrayList<>();
            byte[] body = trickyBody(random, written);
            List<byte[]> reference = referenceParts(body, new Random(seed * 31L));
            try (MultipartReader.Form form = MultipartReader.read(inPieces(body, new Random(seed * 17L)), CONTENT_TYPE,
                    settings())) {
                List<IncomingImage> images = form.images();
                assertEquals(reference.size(), images.size(), "seed " + seed + ": written " + written.size()
                        + ", reference " + reference.stream().map(b -> b.length).toList() + ", read "
                        + images.stream().map(IncomingImage::size).toList());
                assertEquals(written.size(), images.size(), "seed " + seed);
                for (int i = 0; i < images.size(); i++) {
                    byte[] read = Files.readAllBytes(images.get(i).file());
                    assertArrayEquals(reference.get(i), read, "seed " + seed + ", part " + i);
                    assertArrayEquals(written.get(i), read, "seed " + seed + ", part " + i);
                    assertEquals(read.length, images.get(i).size());
                    assertEquals("images", images.get(i).name());
                    assertEquals("p" + i + ".jpg", images.get(i).fileName());
                }
            }
            try (Stream<Path> left = Files.list(temp)) {
                assertEquals(0, left.count(), "closing the form removed its temp files (seed " + seed + ")");
            }
        }
    }

    static String body(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            b.append("--").append(BOUNDARY).append("\r\n").append(part).append("\r\n");
        }
        return b.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    MultipartReader.Form read(String body) throws IOException {
        return MultipartReader.read(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)),
                CONTENT_TYPE, settings());
    }

    @Test
    void partsAreFilesByFilenameOrImageTypeAndTextOtherwiseGroupedByName() throws Exception {
        try (MultipartReader.Form form = read(body(
                "Content-Disposition: form-data; name=\"b\"; filename=\"one.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nONE",
                "Content-Disposition: form-data; name=\"listing_title\"\r\n\r\nSunny flat",
                "Content-Disposition: form-data; name=\"a\"\r\nContent-Type: image/png\r\n\r\nTWO",
                "Content-Disposition: form-data; name=\"b\"; filename=\"three.jpg\"\r\n\r\nTHREE",
                "Content-Disposition: form-data; name=\"doc\"\r\nContent-Type: application/pdf\r\n\r\nPDF",
                "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"))) {
            List<IncomingImage> images = form.images();
            // FileUpload.ALL's order: by name as names first appeared, then by position
            assertEquals(List.of("b", "b", "a", "doc"), images.stream().map(IncomingImage::name).toList());
            assertEquals("ONE", Files.readString(images.get(0).file()));
            assertEquals("THREE", Files.readString(images.get(1).file()));
            assertEquals("TWO", Files.readString(images.get(2).file()));
            assertNull(images.get(2).fileName(), "an image part without a filename is a file all the same");
            assertNull(images.get(3).file(), "a non-text part without filename stays in memory, as the framework keeps it");
            assertEquals(3, images.get(3).size());
            assertEquals("Sunny flat", form.text("listing_title"));
            assertNull(form.text("empty"), "an empty field reads as absent, as @RestForm String does");
            assertNull(form.text("b"), "a file part is not text");
            assertNull(form.text("missing"));
        }
    }

    /** The framework's parser over the whole body in one piece (its decoders need that): each part's data. */
    static List<byte[]> referenceWhole(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return referenceParts(bytes, new Random(0) {
            @Override
            public int nextInt(int bound) {
                return bound - 1; // pieces as large as the body
            }
        });
    }

    @Test
    void base64AndQuotedPrintablePartsAreDecodedAsTheFrameworkDecodesThem() throws Exception {
        byte[] image = new byte[3000];
        new Random(7).nextBytes(image);
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(image);
        String body = body(
                "Content-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n" + base64,
                "Content-Disposition: form-data; name=\"images\"; filename=\"b.jpg\"\r\n"
                        + "Content-Transfer-Encoding: quoted-printable\r\n\r\nab=3Dc=\r\nd=FF");
        List<byte[]> reference = referenceWhole(body);
        // in pieces of every size: the reader's base64 decoding carries partial quads across them
        for (int seed = 0; seed < 20; seed++) {
            try (MultipartReader.Form form = MultipartReader.read(
                    inPieces(body.getBytes(StandardCharsets.ISO_8859_1), new Random(seed)), CONTENT_TYPE, settings())) {
                List<IncomingImage> images = form.images();
                assertEquals(2, images.size());
                assertArrayEquals(image, Files.readAllBytes(images.get(0).file()), "seed " + seed);
                assertArrayEquals(reference.get(0), Files.readAllBytes(images.get(0).file()));
                assertArrayEquals(reference.get(1), Files.readAllBytes(images.get(1).file()));
                // the framework's soft line break: "=" then CR is dropped, the LF after it kept
                assertArrayEquals(new byte[] { 'a', 'b', '=', 'c', '\n', 'd', (byte) 0xFF },
                        Files.readAllBytes(images.get(1).file()));
            }
        }
    }

    @Test
    void partHeadersFollowTheFrameworksRules() throws Exception {
        try (MultipartReader.Form form = read(body(
                // header names in any case, a folded header line, the last of a repeated header
                "content-disposition: form-data; name=\"ignored\"\r\nCONTENT-DISPOSITION: form-data;\r\n name=\"images\";"
                        + " filename=\"folded.jpg\"\r\n\r\nONE",
                // no Content-Disposition: the framework keeps the previous part's name and filename
                "Content-Type: image/jpeg\r\n\r\nTWO",
                "Content-Disposition: form-data; name=\"t\"; filename*=UTF-8''caf%C3%A9.jpg\r\n\r\nTHREE"))) {
            List<IncomingImage> images = form.images();
            assertEquals(List.of("images", "images", "t"), images.stream().map(IncomingImage::name).toList());
            assertEquals("folded.jpg", images.get(0).fileName());
            assertEquals("ONE", Files.readString(images.get(0).file()));
            assertEquals("folded.jpg", images.get(1).fileName());
            assertEquals("TWO", Files.readString(images.get(1).file()));
            assertEquals("caf\u00e9.jpg", images.get(2).fileName());
        }
    }

    @Test
    void notMultipartOrNoBoundaryGivesAnEmptyForm() throws Exception {
        byte[] any = "--x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (MultipartReader.Form form = MultipartReader.read(new java.io.ByteArrayInputStream(any),
                "multipart/form-data", settings())) {
            assertTrue(form.images().isEmpty());
        }
        try (MultipartReader.Form form = MultipartReader.read(new java.io.ByteArrayInputStream(any),
                "text/plain", settings())) {
            assertTrue(form.images().isEmpty());
        }
    }

    @Test
    void refusalsAreClientErrorsAndLeaveNoTempFiles() throws Exception {
        String image = "Content-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\nabc";
        String truncated = "--" + BOUNDARY + "\r\n" + image + "\r\n--" + BOUNDARY.substring(0, 10);
        ApiException cut = assertThrows(ApiException.class, () -> read(truncated));
        assertEquals(400, cut.status());
        assertEquals("malformed_multipart", cut.code());

        ApiException noColon = assertThrows(ApiException.class, () -> read(body("NoColonHere\r\n")));
        assertEquals("malformed_multipart", noColon.code());

        String[] many = new String[1001];
        java.util.Arrays.fill(many, "Content-Disposition: form-data; name=\"f\"\r\n\r\nx");
        many[0] = image;
        ApiException tooMany = assertThrows(ApiException.class, () -> read(body(many)));
        assertEquals(413, tooMany.status());
        assertEquals("too_many_parts", tooMany.code());

        String longField = "Content-Disposition: form-data; name=\"listing_title\"\r\n\r\n" + "x".repeat(64 * 1024 + 1);
        WebApplicationException tooLong = assertThrows(WebApplicationException.class, () -> read(body(image, longField)));
        assertEquals(413, tooLong.getResponse().getStatus());

        ApiException charset = assertThrows(ApiException.class, () -> read(body(
                "Content-Disposition: form-data; name=\"listing_title\"\r\nContent-Type: text/plain; charset=UTF-7\r\n\r\nx")));
        assertEquals("malformed_multipart", charset.code());

        try (Stream<Path> left = Files.list(temp)) {
            assertFalse(left.findAny().isPresent(), "a refused body leaves no temp file");
        }
    }

    @Test
    void partBytesOverTheBodyLimitAreRefused() {
        MultipartReader.Settings small = new MultipartReader.Settings(temp, 64 * 1024, 1000, 1000, null, "UTF-8");
        String big = "Content-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\n" + "y".repeat(1001);
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> MultipartReader.read(
                new java.io.ByteArrayInputStream(body(big).getBytes(StandardCharsets.US_ASCII)), CONTENT_TYPE, small));
        assertEquals(413, e.getResponse().getStatus());
    }
}
