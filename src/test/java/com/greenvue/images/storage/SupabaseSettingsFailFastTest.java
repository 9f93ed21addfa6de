package com.greenvue.images.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The startup check of the supabase backend, tested directly: {@link StorageProducer} calls
 * {@link SupabaseSettings#resolve} from a StartupEvent observer, so these exceptions stop the service.
 */
class SupabaseSettingsFailFastTest {

    @Test
    void missingServiceKeyFailsNamingSupabaseServiceKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SupabaseSettings.resolve(config("https://abc.supabase.co", null, null, null)));
        assertThat(e.getMessage(), containsString("SUPABASE_SERVICE_KEY is not set"));
        assertThat(e.getMessage(), not(containsString("SUPABASE_URL")));
    }

    @Test
    void startupObserverStopsTheServiceWhenTheKeyIsMissing() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new StorageProducer().checkAtStartup(null, config("https://abc.supabase.co", null, null, null),
                        null));
        assertThat(e.getMessage(), containsString("SUPABASE_SERVICE_KEY"));
    }

    @Test
    void missingUrlFailsNamingSupabaseUrl() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SupabaseSettings.resolve(config(null, "secret-key", null, null)));
        assertThat(e.getMessage(), containsString("SUPABASE_URL is not set"));
        assertThat(e.getMessage(), not(containsString("secret-key")));
    }

    @Test
    void blankValuesCountAsMissingAndBothAreNamed() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SupabaseSettings.resolve(config("  ", " ", null, null)));
        assertThat(e.getMessage(), containsString("SUPABASE_URL"));
        assertThat(e.getMessage(), containsString("SUPABASE_SERVICE_KEY"));
    }

    @Test
    void urlWithoutSchemeFailsNamingTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SupabaseSettings.resolve(config("abc.supabase.co", "secret-key", null, null)));
        assertThat(e.getMessage(), containsString("SUPABASE_URL must be an http(s) URL"));
    }

    @Test
    void projectUrlGivesTheGatewayApiBaseAndThePublicBase() {
        SupabaseSettings s = SupabaseSettings.resolve(config("https://abc.supabase.co/", "secret-key", null, null));
        assertEquals("https://abc.supabase.co/storage/v1", s.apiUrl.toString());
        assertEquals("https://abc.supabase.co", s.publicBaseUrl);
        assertEquals("Bearer secret-key", s.authorization());
    }

    @Test
    void selfHostedStorageServerNeedsNoProjectUrl() {
        SupabaseSettings s = SupabaseSettings.resolve(
                config(null, "secret-key", "http://storage:5000", "https://cdn.example.com"));
        assertEquals("http://storage:5000", s.apiUrl.toString());
        assertEquals("https://cdn.example.com", s.publicBaseUrl);
    }

    @Test
    void theKeyNeverShowsInToStringAndIsRedacted() {
        SupabaseSettings s = SupabaseSettings.resolve(config("https://abc.supabase.co", "secret-key", null, null));
        assertThat(s.toString(), not(containsString("secret-key")));
        assertEquals("token *** refused", s.redact("token secret-key refused"));
    }

    private static StorageConfig config(String url, String key, String apiUrl, String publicBaseUrl) {
        StorageConfig.Supabase supabase = new StorageConfig.Supabase() {
            public Optional<String> url() { return Optional.ofNullable(url); }
            public Optional<String> serviceKey() { return Optional.ofNullable(key); }
            public Optional<String> apiUrl() { return Optional.ofNullable(apiUrl); }
            public Optional<String> publicBaseUrl() { return Optional.ofNullable(publicBaseUrl); }
            public Duration connectTimeout() { return Duration.ofSeconds(5); }
            public Duration readTimeout() { return Duration.ofSeconds(30); }
            public boolean createBucketIfMissing() { return false; }
            public Duration healthTimeout() { return Duration.ofSeconds(2); }
            public Duration healthInterval() { return Duration.ofSeconds(15); }
            @Override
            public Duration unreachableAfter() { return Duration.ofSeconds(60); }
        };
        return new StorageConfig() {
            public Backend backend() { return Backend.SUPABASE; }
            public String bucket() { return "listing-images"; }
            public String cacheControl() { return "public, max-age=31536000, immutable"; }
            public Local local() { return null; }
            public Supabase supabase() { return supabase; }
        };
    }
}
