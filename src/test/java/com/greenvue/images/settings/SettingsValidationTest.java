package com.greenvue.images.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.greenvue.images.jobs.JobsConfig;
import com.greenvue.images.processing.ProcessingConfig;
import com.greenvue.images.queue.QueueConfig;
import com.greenvue.images.storage.StorageConfig;
import com.greenvue.images.upload.UploadConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every single-value rule of our config mappings, through SmallRye Config with
 * {@link SettingsValidation} registered the way Quarkus registers it (the packaged service's
 * start-up failure is {@code StartupFailFastIT}'s); and the guard that no Bean Validation
 * annotation comes back on a mapping (see {@link CheckedSettings} for why).
 */
class SettingsValidationTest {

    /** What application.properties gives the settings without a default in the mappings. */
    private static final Map<String, String> REQUIRED = Map.of(
            "greenvue.processing.native-dir", "/data/native",
            "greenvue.jobs.file", "/data/jobs.json",
            "greenvue.queue.dir", "/data/queue",
            "greenvue.storage.local.dir", "/data/storage");

    private static SmallRyeConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(REQUIRED);
        all.putAll(values);
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(ProcessingConfig.class)
                .withMapping(UploadConfig.class)
                .withMapping(JobsConfig.class)
                .withMapping(QueueConfig.class)
                .withMapping(StorageConfig.class)
                .withCustomizers(new SettingsValidation())
                .build();
    }

    @Test
    void theDefaultsPass() {
        assertEquals(80, config(Map.of()).getConfigMapping(ProcessingConfig.class).webpQuality());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "greenvue.processing.max-height         | 0     | greenvue.processing.max-height must be between 1 and 16383 (got 0)",
            "greenvue.processing.max-height         | 16384 | greenvue.processing.max-height must be between 1 and 16383 (got 16384)",
            "greenvue.processing.webp-quality       | 101   | greenvue.processing.webp-quality must be between 0 and 100 (got 101)",
            "greenvue.processing.webp-quality       | -1    | greenvue.processing.webp-quality must be between 0 and 100 (got -1)",
            "greenvue.processing.webp-method        | 7     | greenvue.processing.webp-method must be between 0 and 6 (got 7)",
            "greenvue.processing.max-pixels         | 0     | greenvue.processing.max-pixels must be at least 1 (got 0)",
            "greenvue.processing.concurrency        | 0     | greenvue.processing.concurrency must be between 1 and 1024 (got 0)",
            "greenvue.processing.concurrency        | 1025  | greenvue.processing.concurrency must be between 1 and 1024 (got 1025)",
            "greenvue.processing.upload-concurrency | 0     | greenvue.processing.upload-concurrency must be between 1 and 1024 (got 0)",
            "greenvue.processing.native-dir         | ' '   | greenvue.processing.native-dir must not be empty",
            "greenvue.processing.shutdown-timeout   | -1s   | greenvue.processing.shutdown-timeout must be 0s or longer",
            "greenvue.upload.max-files              | 0     | greenvue.upload.max-files must be between 1 and 1000 (got 0)",
            "greenvue.upload.max-files              | 1001  | greenvue.upload.max-files must be between 1 and 1000 (got 1001)",
            "greenvue.upload.max-file-bytes         | -5    | greenvue.upload.max-file-bytes must be at least 1 (got -5)",
            "greenvue.upload.max-title-length       | -1    | greenvue.upload.max-title-length must be at least 0 (got -1)",
            "greenvue.jobs.file                     | ' '   | greenvue.jobs.file must not be empty",
            "greenvue.jobs.default-batch-size       | 0     | greenvue.jobs.default-batch-size must be between 1 and 1000 (got 0)",
            "greenvue.jobs.default-batch-size       | 1001  | greenvue.jobs.default-batch-size must be between 1 and 1000 (got 1001)",
            "greenvue.jobs.min-interval             | 0s    | greenvue.jobs.min-interval must be longer than 0s",
            "greenvue.jobs.max-interval             | -1s   | greenvue.jobs.max-interval must be longer than 0s",
            "greenvue.queue.dir                     | ' '   | greenvue.queue.dir must not be empty",
            "greenvue.queue.max-attempts            | 0     | greenvue.queue.max-attempts must be between 1 and 100 (got 0)",
            "greenvue.queue.max-retries             | 101   | greenvue.queue.max-retries must be between 1 and 100 (got 101)",
            "greenvue.queue.retry-base-delay        | -1s   | greenvue.queue.retry-base-delay must be 0s or longer",
            "greenvue.queue.retry-max-delay         | -1s   | greenvue.queue.retry-max-delay must be 0s or longer",
            "greenvue.queue.lease-duration          | 999ms | greenvue.queue.lease-duration must be 1s or longer",
            "greenvue.queue.max-queued              | 0     | greenvue.queue.max-queued must be at least 1 (got 0)",
            "greenvue.queue.max-spool-bytes         | 0     | greenvue.queue.max-spool-bytes must be at least 1 (got 0)",
            "greenvue.queue.retry-after             | -1s   | greenvue.queue.retry-after must be 0s or longer",
            "greenvue.queue.processed-retention     | -1s   | greenvue.queue.processed-retention must be 0s or longer",
            "greenvue.queue.failed-retention        | -1s   | greenvue.queue.failed-retention must be 0s or longer",
            "greenvue.queue.idempotency-window      | -1s   | greenvue.queue.idempotency-window must be 0s or longer",
            "greenvue.queue.cleanup-interval        | 0s    | greenvue.queue.cleanup-interval must be 1s or longer",
            "greenvue.storage.bucket                | ' '   | greenvue.storage.bucket must not be empty",
            "greenvue.storage.local.dir             | ' '   | greenvue.storage.local.dir must not be empty",
            "greenvue.storage.local.public-base-url | ' '   | greenvue.storage.local.public-base-url must not be empty",
            "greenvue.storage.supabase.connect-timeout   | 0s  | greenvue.storage.supabase.connect-timeout must be longer than 0s",
            "greenvue.storage.supabase.read-timeout      | 0s  | greenvue.storage.supabase.read-timeout must be longer than 0s",
            "greenvue.storage.supabase.health-timeout    | 0s  | greenvue.storage.supabase.health-timeout must be longer than 0s",
            "greenvue.storage.supabase.health-interval   | 0s  | greenvue.storage.supabase.health-interval must be longer than 0s",
            "greenvue.storage.supabase.unreachable-after | -1s | greenvue.storage.supabase.unreachable-after must be 0s or longer",
    })
    void aValueOutOfRangeStopsTheConfigNamingTheSettingAndWhatItMayBe(String key, String value, String message) {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(key, value)));
        assertEquals(1, e.getProblemCount(), e.getMessage());
        assertEquals(message, e.getProblem(0).getMessage());
    }

    @Test
    void theBoundsThemselvesPass() {
        SmallRyeConfig c = config(Map.of(
                "greenvue.processing.max-height", "16383", "greenvue.processing.webp-quality", "0",
                "greenvue.processing.webp-method", "6", "greenvue.processing.concurrency", "1024",
                "greenvue.upload.max-title-length", "0", "greenvue.queue.lease-duration", "1s",
                "greenvue.queue.retry-after", "0s", "greenvue.jobs.min-interval", "1ms"));
        assertEquals(16383, c.getConfigMapping(ProcessingConfig.class).maxHeight());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> config(Map.of(
                "greenvue.processing.webp-quality", "150", "greenvue.processing.webp-method", "9",
                "greenvue.upload.max-files", "0")));
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            messages.add(e.getProblem(i).getMessage());
        }
        assertTrue(messages.contains("greenvue.processing.webp-quality must be between 0 and 100 (got 150)"), messages.toString());
        assertTrue(messages.contains("greenvue.processing.webp-method must be between 0 and 6 (got 9)"), messages.toString());
        assertTrue(messages.contains("greenvue.upload.max-files must be between 1 and 1000 (got 0)"), messages.toString());
    }

    /**
     * No Bean Validation constraint on any of our config mappings, their groups or their value
     * types: one would make Quarkus build a validator over all its config mappings at start.
     */
    @Test
    void noMappingCarriesABeanValidationAnnotation() throws IOException {
        Path classes = Path.of(System.getProperty("user.dir"), "target", "classes");
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                    if (c.isAnnotationPresent(ConfigMapping.class)) {
                        mappings.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable on its own (generated, or needs the application): not a mapping of ours
                }
            }
        }
        assertTrue(mappings.size() >= 8, "found only " + mappings);
        List<String> found = new ArrayList<>();
        for (Class<?> m : mappings) {
            check(m, found, new ArrayList<>());
        }
        assertEquals(List.of(), found, "use CheckedSettings.check for these instead");
    }

    private static void check(Class<?> type, List<String> found, List<Class<?>> seen) {
        if (seen.contains(type)) {
            return;
        }
        seen.add(type);
        for (Method m : type.getDeclaredMethods()) {
            for (Annotation a : m.getAnnotations()) {
                if (constraint(a)) {
                    found.add(type.getName() + "." + m.getName() + " @" + a.annotationType().getSimpleName());
                }
            }
            typeUse(m.getAnnotatedReturnType(), type.getName() + "." + m.getName(), found);
            if (m.getReturnType().isInterface() && m.getReturnType().getName().startsWith("com.greenvue.")) {
                check(m.getReturnType(), found, seen);
            }
        }
    }

    private static void typeUse(AnnotatedType t, String where, List<String> found) {
        for (Annotation a : t.getAnnotations()) {
            if (constraint(a)) {
                found.add(where + " @" + a.annotationType().getSimpleName());
            }
        }
        if (t instanceof AnnotatedParameterizedType p) {
            for (AnnotatedType arg : p.getAnnotatedActualTypeArguments()) {
                typeUse(arg, where, found);
            }
        }
    }

    private static boolean constraint(Annotation a) {
        String n = a.annotationType().getName();
        return n.startsWith("jakarta.validation.") || n.startsWith("org.hibernate.validator.");
    }
}
