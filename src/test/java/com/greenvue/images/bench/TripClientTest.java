package com.greenvue.images.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The benchmark's trip client against a server in this JVM: what it sends, and how it reads 202, 404, 200 and HEAD. */
class TripClientTest {

    @Test
    void uploadsTheMultipartBodyAndReadsEachAnswer() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> types = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] webp = "RIFF\0\0\0\0WEBP".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            try (exchange) {
                ByteArrayOutputStream in = new ByteArrayOutputStream();
                exchange.getRequestBody().transferTo(in);
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/api/upload")) {
                    bodies.add(in.toByteArray());
                    types.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                    byte[] answer = "{\"data\":{\"images\":[{\"url\":\"http://h/o/a.webp\",\"file_name\":\"a.webp\"}]}}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(202, answer.length);
                    exchange.getResponseBody().write(answer);
                } else if (path.equals("/ready.webp")) {
                    exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : webp.length);
                    if (!"HEAD".equals(exchange.getRequestMethod())) {
                        exchange.getResponseBody().write(webp);
                    }
                } else {
                    byte[] error = "{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8);
                    boolean head = "HEAD".equals(exchange.getRequestMethod());
                    exchange.sendResponseHeaders(404, head ? -1 : error.length);
                    if (!head) {
                        exchange.getResponseBody().write(error);
                    }
                }
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
            TripClient client = new TripClient(port, new byte[][] {jpeg, {9}}, new String[] {"a.jpg", "b.png"}, "Title");

            TripClient.Upload u = client.upload(0);
            assertEquals(202, u.status());
            assertEquals("http://h/o/a.webp", u.url());
            String body = new String(bodies.get(0), StandardCharsets.ISO_8859_1);
            String boundary = types.get(0).substring(types.get(0).indexOf("boundary=") + "boundary=".length());
            assertTrue(types.get(0).startsWith("multipart/form-data; boundary="), types.get(0));
            assertTrue(body.contains("name=\"listing_title\"\r\n\r\nTitle\r\n"), body);
            assertTrue(body.contains("filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"), body);
            assertTrue(body.endsWith("\r\n--" + boundary + "--\r\n"), body);
            client.upload(1);
            assertTrue(new String(bodies.get(1), StandardCharsets.ISO_8859_1).contains("Content-Type: image/png"));

            String base = "http://127.0.0.1:" + port;
            // a 404 (its body read and dropped, the connection kept) and then a 200 on the same client
            assertNull(client.getIfOk(base + "/missing.webp"));
            assertArrayEquals(webp, client.getIfOk(base + "/ready.webp"));
            assertEquals(404, client.headStatus(base + "/missing.webp"));
            assertEquals(200, client.headStatus(base + "/ready.webp"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void warmsUpAgainstItsOwnServerAndStops() throws Exception {
        TripClient.warmUp(new byte[][] {{1, 2, 3}, {4}}, new String[] {"x.jpg", "y.png"}, 1);
    }
}
