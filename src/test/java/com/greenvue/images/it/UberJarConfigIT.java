package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

        List<String> fromFile = new ArrayList<>();
        for (String line : fastLog.lines().toList()) {
            Matcher m = LOADED.matcher(line);
            // quarkus.smallrye-openapi.info-*: build-time values the OpenAPI builder reads again at run time when
            // the file is there; the document already holds them (compared below)
            if (m.find() && m.group(2).contains("/application.properties]")
                    && !m.group(1).startsWith("quarkus.smallrye-openapi.info-")) {
                fromFile.add(m.group(1) + "=" + m.group(3));
            }
        }
        assertTrue(fromFile.contains("quarkus.http.limits.max-body-size=210M"), "the fast jar read its file: " + fromFile);
        assertTrue(fromFile.size() >= 20, "values read from application.properties: " + fromFile);

        // some values are read lazily (smallrye-jwt's on a first request), so a start may not ask for all of them:
        // each key the one jar asked for must have the file's value, and most keys must have been asked for
        Map<String, Set<String>> uberValues = new HashMap<>();
        for (String line : uberLog.lines().toList()) {
            Matcher m = LOADED.matcher(line);
            Matcher none = NOT_FOUND.matcher(line);
            if (m.find()) {
                assertTrue(!m.group(2).contains("application.properties"), line);
                uberValues.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(3));
            } else if (none.find()) {
                uberValues.computeIfAbsent(none.group(1), k -> new HashSet<>()).add("(not found)");
            }
        }
        List<String> differ = new ArrayList<>();
        int asked = 0;
        for (String kv : new LinkedHashSet<>(fromFile)) {
            String key = kv.substring(0, kv.indexOf('='));
            Set<String> seen = uberValues.get(key);
            if (seen != null) {
                asked++;
                if (!seen.contains(kv.substring(kv.indexOf('=') + 1))) {
                    differ.add(kv + " but the one jar saw " + seen);
                }
            }
        }
        assertEquals(List.of(), differ, "values of application.properties the one jar did not see");
        assertTrue(asked >= 20, "the one jar asked for " + asked + " of " + new LinkedHashSet<>(fromFile).size() + " keys");
        assertEquals(fastOpenApi, uberOpenApi, "the same OpenAPI document");
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
