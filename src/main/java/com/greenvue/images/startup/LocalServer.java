package com.greenvue.images.startup;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * This process's own HTTP server, as a client inside the process reaches it (the upload path's
 * warm-up, the training run): the configured host (loopback when it listens on every interface)
 * and the port it bound, the body of an upload to it, and a bare HTTP/1.1 exchange with it.
 */
public final class LocalServer {

    private LocalServer() {
    }

    /**
     * {@code http://host:port}, or empty while the port is not known yet (configured as 0 and the
     * server not bound: start-up observers run before it listens).
     */
    public static Optional<String> boundBaseUrl() {
        int port = port();
        return port == 0 ? Optional.empty() : Optional.of("http://" + host() + ":" + port);
    }

    /**
     * A multipart/form-data body for the upload endpoint: the listing title, then one file part per
     * entry (file name to bytes, in order), each as application/octet-stream. The boundary must not
     * occur in the parts.
     */
    public static byte[] uploadBody(String boundary, String title, Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"listing_title\"\r\n\r\n"
                + title + "\r\n").getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static int port() {
        // with port 0 Quarkus publishes the port it bound as this system property
        String actual = System.getProperty("quarkus.http.port");
        return Integer.parseInt(actual != null ? actual
                : ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
    }

    private static String host() {
        String h = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]") ? "127.0.0.1" : h;
    }

    /**
     * One HTTP/1.1 request on a connection of its own ({@code Connection: close}), written at once by
     * {@link #send}; {@link #status()} then reads the answer's status and drops the rest. A plain
     * socket, not {@code java.net.http.HttpClient}: the warm-up runs while the service starts, and
     * that client's first use costs a selector thread and the default TLS context (round 8 of issue
     * 14 in the README).
     */
    public static final class Exchange implements Closeable {

        private final Socket socket;
        private IOException writeFailure;

        private Exchange(Socket socket) {
            this.socket = socket;
        }

        /**
         * Connects to {@code base} ({@code http://host:port}) and writes the request. Throws
         * {@link java.net.ConnectException} while nothing listens there. A server that answers
         * before reading the whole body (and closes) is not an error here: {@link #status()} reads
         * its answer.
         */
        public static Exchange send(String base, String method, String path, Map<String, String> headers, byte[] body,
                Duration timeout) throws IOException {
            URI uri = URI.create(base);
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), millis);
                socket.setSoTimeout(millis);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            Exchange exchange = new Exchange(socket);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost()).append(':').append(uri.getPort())
                    .append("\r\nConnection: close\r\nContent-Length: ").append(body.length).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                exchange.writeFailure = e; // it may have answered early: status() tells
            }
            return exchange;
        }

        /** The answer's status code; reads the rest of the answer until the server closes, then closes. */
        public int status() throws IOException {
            try (Socket s = socket) {
                InputStream in = s.getInputStream();
                StringBuilder line = new StringBuilder();
                for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                    line.append((char) c);
                }
                String[] words = line.toString().trim().split(" ");
                if (words.length < 2 || !words[0].startsWith("HTTP/")) {
                    IOException e = new IOException("no HTTP answer (got '" + line.toString().trim() + "')");
                    if (writeFailure != null) {
                        e.addSuppressed(writeFailure);
                    }
                    throw e;
                }
                in.transferTo(OutputStream.nullOutputStream());
                return Integer.parseInt(words[1]);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
