package com.greenvue.images.startup;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * This process's own HTTP server, as a client inside the process reaches it (the upload path's
 * warm-up, the training run): the configured host (loopback when it listens on every interface)
 * and the port it bound, and the body of an upload to it.
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
}
