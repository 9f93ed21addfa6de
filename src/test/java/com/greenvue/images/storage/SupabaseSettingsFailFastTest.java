package com.greenvue.images.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, Object> supabase = new HashMap<>();
        supabase.put("url", Optional.ofNullable(url));
        supabase.put("serviceKey", Optional.ofNullable(key));
        supabase.put("apiUrl", Optional.ofNullable(apiUrl));
        supabase.put("publicBaseUrl", Optional.ofNullable(publicBaseUrl));
        supabase.put("connectTimeout", Duration.ofSeconds(5));
        supabase.put("readTimeout", Duration.ofSeconds(30));
        supabase.put("createBucketIfMissing", false);
        supabase.put("healthTimeout", Duration.ofSeconds(2));
        supabase.put("healthInterval", Duration.ofSeconds(15));
        supabase.put("unreachableAfter", Duration.ofSeconds(60));
        Map<String, Object> storage = new HashMap<>();
        storage.put("backend", StorageConfig.Backend.SUPABASE);
        storage.put("bucket", "listing-images");
        storage.put("cacheControl", "public, max-age=31536000, immutable");
        storage.put("supabase", stub(StorageConfig.Supabase.class, supabase));
        return stub(StorageConfig.class, storage);
    }

    /**
     * A config interface answering from {@code values}. A proxy rather than an anonymous class: the
     * interfaces carry Bean Validation constraints, and Quarkus refuses to build a test app in which
     * an anonymous class implements constrained methods.
     */
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + values.keySet();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> values.get(method.getName());
                }));
    }
}
