package com.greenvue.images.startup;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * This process's own HTTP server, as a client inside the process reaches it (the upload path's
 * warm-up, the training run): the configured host (loopback when it listens on every interface)
 * and the port it bound.
 */
public final class LocalServer {

    private LocalServer() {
    }

    /** {@code http://host:port}; the port is 0 until the server has bound when it was configured as 0. */
    public static String baseUrl() {
        return "http://" + host() + ":" + port();
    }

    public static int port() {
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
