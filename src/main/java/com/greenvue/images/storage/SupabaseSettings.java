package com.greenvue.images.storage;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supabase backend's settings, resolved from {@link StorageConfig} and checked once at
 * startup: a missing URL or key fails fast naming the environment variable. Never prints the
 * service key, not even in {@link #toString()}.
 */
final class SupabaseSettings {

    static final String URL_ENV = "SUPABASE_URL";
    static final String KEY_ENV = "SUPABASE_SERVICE_KEY";

    final URI apiUrl;
    final String publicBaseUrl;
    final String bucket;
    final String cacheControl;
    final Duration connectTimeout;
    final Duration readTimeout;
    final Duration healthTimeout;
    final Duration healthInterval;
    final boolean createBucketIfMissing;
    private final String serviceKey;

    private SupabaseSettings(URI apiUrl, String publicBaseUrl, String serviceKey, StorageConfig config) {
        StorageConfig.Supabase s = config.supabase();
        this.apiUrl = apiUrl;
        this.publicBaseUrl = publicBaseUrl;
        this.serviceKey = serviceKey;
        this.bucket = config.bucket();
        this.cacheControl = config.cacheControl();
        this.connectTimeout = s.connectTimeout();
        this.readTimeout = s.readTimeout();
        this.healthTimeout = s.healthTimeout();
        this.healthInterval = s.healthInterval();
        this.createBucketIfMissing = s.createBucketIfMissing();
    }

    /** Resolves the settings or throws a {@link ConfigurationException} naming what is missing. */
    static SupabaseSettings resolve(StorageConfig config) {
        StorageConfig.Supabase s = config.supabase();
        Optional<String> url = nonBlank(s.url());
        Optional<String> key = nonBlank(s.serviceKey());
        Optional<String> api = nonBlank(s.apiUrl());
        Optional<String> publicBase = nonBlank(s.publicBaseUrl());
        List<String> problems = new ArrayList<>();
        if (url.isEmpty() && (api.isEmpty() || publicBase.isEmpty())) {
            problems.add(URL_ENV + " is not set (the project URL, https://<project-ref>.supabase.co)");
        }
        if (key.isEmpty()) {
            problems.add(KEY_ENV + " is not set (the project's service_role key; set it in the environment only)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("greenvue.storage.backend=supabase, but " + String.join("; ", problems)
                    + ". Set the variable(s), or use greenvue.storage.backend=local.");
        }
        String apiUrl = api.orElseGet(() -> trim(url.get()) + "/storage/v1");
        String publicBaseUrl = publicBase.orElseGet(url::get);
        checkHttpUrl(apiUrl, api.isPresent() ? "greenvue.storage.supabase.api-url" : URL_ENV);
        checkHttpUrl(publicBaseUrl, publicBase.isPresent() ? "greenvue.storage.supabase.public-base-url" : URL_ENV);
        return new SupabaseSettings(URI.create(trim(apiUrl)), trim(publicBaseUrl), key.get().trim(), config);
    }

    String authorization() {
        return "Bearer " + serviceKey;
    }

    String apiKey() {
        return serviceKey;
    }

    /** {@code text} with every occurrence of the service key masked: for anything that may reach a log. */
    String redact(String text) {
        return text == null ? null : text.replace(serviceKey, "***");
    }

    @Override
    public String toString() {
        return "SupabaseSettings[api=" + apiUrl + ", publicBase=" + publicBaseUrl + ", bucket=" + bucket
                + ", serviceKey=***]";
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String trim(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static void checkHttpUrl(String url, String source) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + " is not a valid URL: '" + url + "'");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigurationException(source + " must be an http(s) URL with a host, got '" + url + "'");
        }
    }
}
