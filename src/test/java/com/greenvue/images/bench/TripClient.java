package com.greenvue.images.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark's client for its trips (upload, then poll the URL): the JDK's blocking
 * {@link HttpURLConnection} on kept-alive connections, with every multipart body built once
 * up front. The bench runs on the same two cores as the service it measures, so its client's CPU is
 * taken from the service: with {@code java.net.http.HttpClient} and a body built per upload, the
 * bench JVM spent 0.9–1.7 s of CPU per pass over the corpus (its own /proc figures), next to the
 * service's 2.3–2.7 s (README, "Issue 14, round 5"). One thread; not thread-safe.
 */
final class TripClient {

    private static final Pattern URL_FIELD = Pattern.compile("\"url\":\"([^\"]+)\"");

    private final String base;
    private final byte[][] bodies;
    private final String[] contentTypes;
    private final byte[] buffer = new byte[64 * 1024];

    /** One multipart body per image ({@code names[i]} its file name), built now. */
    TripClient(int port, byte[][] images, String[] names, String title) {
        base = "http://127.0.0.1:" + port;
        bodies = new byte[images.length][];
        contentTypes = new String[images.length];
        for (int i = 0; i < images.length; i++) {
            Multipart m = multipart(images[i], names[i], title);
            bodies[i] = m.body();
            contentTypes[i] = m.contentType();
        }
    }

    /** A multipart/form-data body with a listing_title field and one 'images' file part, and its Content-Type. */
    static Multipart multipart(byte[] image, String name, String title) {
        String type = name.endsWith(".png") ? "image/png" : "image/jpeg";
        String boundary = "----greenvuebench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"listing_title\"\r\n\r\n"
                + title + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\""
                + name + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart(body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    record Multipart(byte[] body, String contentType) {
    }

    /** Uploads image {@code i}; its status and the first URL of the answer (null if none). */
    Upload upload(int i) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base + "/api/upload/listing_image").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(60_000);
        c.setRequestProperty("Content-Type", contentTypes[i]);
        c.setFixedLengthStreamingMode(bodies[i].length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(bodies[i]);
        }
        int status = c.getResponseCode();
        String answer = new String(readAll(c), StandardCharsets.UTF_8);
        Matcher m = URL_FIELD.matcher(answer);
        return new Upload(status, m.find() ? m.group(1) : null);
    }

    /** GET {@code url}: the body when it answers 200, else null (the body read and dropped, so the connection is reused). */
    byte[] getIfOk(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        int status = c.getResponseCode();
        byte[] body = readAll(c);
        return status == 200 ? body : null;
    }

    /** HEAD {@code url}: its status. */
    int headStatus(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("HEAD");
        c.setConnectTimeout(5_000);
        c.setReadTimeout(5_000);
        int status = c.getResponseCode();
        readAll(c);
        return status;
    }

    /**
     * Runs this client's code paths (uploads of every image, GETs answered 404 and 200, HEADs) against a
     * throwaway server inside this JVM ({@code com.sun.net.httpserver}) until its JIT has compiled them,
     * so that compiling the client does not take a core from the service in the first measured passes.
     */
    static void warmUp(byte[][] images, String[] names, int rounds) throws IOException {
        long t0 = System.nanoTime();
        // the JDK server's default leaves Nagle on: every kept-alive answer then waited for a delayed ACK
        // (read once, when the JDK's server first starts in this JVM; in the bench that is here)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] accepted = ("{\"status\":\"success\",\"data\":{\"images\":[{\"url\":\"http://127.0.0.1:PORT/o/x.webp\"}]}}")
                .getBytes(StandardCharsets.UTF_8);
        // bodies the size of the service's: a published WebP (20-60 KB in the corpus) and its 404 envelope
        byte[] webp = new byte[40 * 1024];
        System.arraycopy("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 16);
        byte[] notFound = ("{\"status\":\"error\",\"error\":{\"code\":\"object_not_found\",\"message\":\"No object "
                + "'bench-0123abcd.webp' in bucket 'listing-images' (yet: images appear once processed).\"}}")
                .getBytes(StandardCharsets.UTF_8);
        int[] gets = {0};
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                String path = exchange.getRequestURI().getPath();
                boolean upload = path.startsWith("/api/upload");
                boolean found = upload || (++gets[0] % 2 == 0);
                byte[] body = upload ? accepted : found ? webp : notFound;
                boolean head = "HEAD".equals(exchange.getRequestMethod());
                exchange.sendResponseHeaders(upload ? 202 : found ? 200 : 404, head ? -1 : body.length);
                if (!head) {
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.start();
        try {
            TripClient client = new TripClient(server.getAddress().getPort(), images, names, "Client warm-up");
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/o/x.webp";
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < images.length; i++) {
                    client.upload(i);
                    for (int k = 0; k < 10; k++) {
                        client.getIfOk(url);
                    }
                    client.headStatus(url);
                }
            }
        } finally {
            server.stop(0);
        }
        int uploads = rounds * images.length;
        System.out.printf("  (the bench's client warmed in %.1f s: %d uploads, %d GETs, %d HEADs against a server in "
                + "the bench JVM)%n", (System.nanoTime() - t0) / 1e9, uploads, 10 * uploads, uploads);
    }

    /** The whole body (the error stream for 4xx/5xx), so that the kept-alive connection can be reused. */
    private byte[] readAll(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    record Upload(int status, String url) {
    }
}
