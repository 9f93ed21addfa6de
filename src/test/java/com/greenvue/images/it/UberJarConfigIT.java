package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The one jar leaves application.properties out (pom.xml, execution uber-jar: reading it opened the
 * whole jar as a zip file system three times per start). Its runtime values then come from the
 * defaults the build recorded. Both forms run with SmallRye Config logging every value it hands
 * out; whatever the fast jar read from application.properties, the one jar must see with the same
 * value when it asks for that key (most keys are asked for at start), and both serve the same
 * OpenAPI document.
 */
class UberJarConfigIT {

    private static final Pattern LOADED = Pattern.compile(
            "SRCFG01001: The config (\\S+) was loaded from (.+?) with the value (.*)$");
    private static final Pattern NOT_FOUND = Pattern.compile("SRCFG01002: The config (\\S+) was not found");

    @Test
    void theOneJarSeesEveryValueOfApplicationPropertiesWithoutTheFile() throws Exception {
        try (ZipFile jar = new ZipFile(ServiceProcess.UBER_JAR.toFile())) {
            assertNull(jar.getEntry("application.properties"), "the one jar carries no application.properties");
        }
        Path root = CrashRecoveryIT.freshDir("uber-config");
        String fastLog;
        String fastOpenApi;
        try (ServiceProcess fast = logged(new ServiceProcess(root.resolve("fast"), Map.of())).start()) {
            fastOpenApi = openApi(fast);
            fastLog = fast.log();
        }
        String uberLog;
        String uberOpenApi;
        try (ServiceProcess uber = logged(new ServiceProcess(root.resolve("uber"), Map.of(), ServiceProcess.UBER_JAR)).start()) {
            uberOpenApi = openApi(uber);
            uberLog = uber.log();
        }

        // quarkus.smallrye-openapi.info-*: build-time values the OpenAPI builder reads again at run time when
        // the file is there; the document already holds them (compared below)
        Map<String, String> fromFile = new LinkedHashMap<>();
        for (Read r : reads(fastLog)) {
            if (r.source().contains("/application.properties]") && !r.key().startsWith("quarkus.smallrye-openapi.info-")) {
                fromFile.put(r.key(), r.value());
            }
        }
        assertEquals("210M", fromFile.get("quarkus.http.limits.max-body-size"), "the fast jar read its file: " + fromFile);
        assertTrue(fromFile.size() >= 20, "values read from application.properties: " + fromFile);

        // some values are read lazily (smallrye-jwt's on a first request), so a start may not ask for all of them:
        // each key the one jar asked for must have the file's value, and most keys must have been asked for
        Map<String, Set<String>> uberValues = new HashMap<>();
        for (Read r : reads(uberLog)) {
            assertTrue(!r.source().contains("application.properties"), r.toString());
            uberValues.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.value());
        }
        List<String> differ = new ArrayList<>();
        int asked = 0;
        for (Map.Entry<String, String> kv : fromFile.entrySet()) {
            Set<String> seen = uberValues.get(kv.getKey());
            if (seen != null) {
                asked++;
                if (!seen.contains(kv.getValue())) {
                    differ.add(kv + " but the one jar saw " + seen);
                }
            }
        }
        assertEquals(List.of(), differ, "values of application.properties the one jar did not see");
        assertTrue(asked >= 20, "the one jar asked for " + asked + " of " + fromFile.size() + " keys");
        assertEquals(fastOpenApi, uberOpenApi, "the same OpenAPI document");
    }

    /** One value SmallRye Config handed out, as it logged it; {@code (not found)} when no source had the key. */
    record Read(String key, String source, String value) {
    }

    private static List<Read> reads(String log) {
        List<Read> reads = new ArrayList<>();
        for (String line : log.lines().toList()) {
            Matcher m = LOADED.matcher(line);
            Matcher none = NOT_FOUND.matcher(line);
            if (m.find()) {
                reads.add(new Read(m.group(1), m.group(2), m.group(3)));
            } else if (none.find()) {
                reads.add(new Read(none.group(1), "", "(not found)"));
            }
        }
        return reads;
    }

    private static ServiceProcess logged(ServiceProcess p) {
        return p.jvmArgs("-Dquarkus.config.log.values=true", "-Dquarkus.log.category.\"io.smallrye.config\".level=DEBUG");
    }

    private static String openApi(ServiceProcess p) throws Exception {
        HttpResponse<String> doc = p.get("/q/openapi");
        assertEquals(200, doc.statusCode(), doc.body());
        assertTrue(doc.body().contains("title: GreenVue Images API"), doc.body());
        return doc.body();
    }
}
