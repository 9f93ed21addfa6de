package com.greenvue.images.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bare HTTP/1.1 exchange the start-up warm-up uses, against hand-made servers. */
class LocalServerExchangeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Accepts one connection and hands it to {@code server} on another thread. */
    private static CompletableFuture<String> serveOnce(ServerSocket listening, ThrowingServer server) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = listening.accept()) {
                return server.serve(s);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @FunctionalInterface
    private interface ThrowingServer {
        String serve(Socket s) throws IOException;
    }

    /** The request's head and body as the server read them (until Content-Length). */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(h.replaceAll("(?s).*Content-Length: (\\d+)\r\n.*", "$1"));
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsTheRequestAndReadsTheStatus() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            CompletableFuture<String> seen = serveOnce(listening, s -> {
                String request = readRequest(s.getInputStream());
                s.getOutputStream().write("HTTP/1.1 415 Unsupported Media Type\r\nContent-Length: 2\r\n\r\n{}"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return request;
            });
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            try (LocalServer.Exchange e = LocalServer.Exchange.send("http://127.0.0.1:" + listening.getLocalPort(), "POST",
                    "/api/upload/listing_image", Map.of("X-Request-Id", "r-1"), body, TIMEOUT)) {
                assertEquals(415, e.status());
            }
            String request = seen.get(10, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST /api/upload/listing_image HTTP/1.1\r\n"), request);
            assertTrue(request.contains("\r\nHost: 127.0.0.1:" + listening.getLocalPort() + "\r\n"), request);
            assertTrue(request.contains("\r\nConnection: close\r\n"), request);
            assertTrue(request.contains("\r\nX-Request-Id: r-1\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\nhello"), request);
        }
    }

    /** A server that answers before it has read the body (a 401 from a filter, say): the answer is read all the same. */
    @Test
    void anAnswerBeforeTheWholeBodyIsStillRead() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            CompletableFuture<String> served = serveOnce(listening, s -> {
                s.getOutputStream().write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                return Integer.toString(readRequest(s.getInputStream()).length());
            });
            byte[] body = new byte[4 * 1024 * 1024];
            try (LocalServer.Exchange e = LocalServer.Exchange.send("http://127.0.0.1:" + listening.getLocalPort(), "POST",
                    "/x", Map.of(), body, TIMEOUT)) {
                assertEquals(401, e.status());
            }
            assertTrue(Integer.parseInt(served.get(10, TimeUnit.SECONDS)) > body.length);
        }
    }

    @Test
    void somethingThatIsNotHttpIsAnError() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            serveOnce(listening, s -> {
                readRequest(s.getInputStream());
                s.getOutputStream().write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return "";
            });
            try (LocalServer.Exchange e = LocalServer.Exchange.send("http://127.0.0.1:" + listening.getLocalPort(), "POST",
                    "/x", Map.of(), new byte[1], TIMEOUT)) {
                IOException error = assertThrows(IOException.class, e::status);
                assertTrue(error.getMessage().contains("SSH-2.0-OpenSSH"), error.getMessage());
            }
        }
    }

    @Test
    void nothingListeningIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThrows(ConnectException.class, () -> LocalServer.Exchange.send("http://127.0.0.1:" + port, "POST", "/x",
                Map.of(), new byte[1], TIMEOUT));
    }
}
