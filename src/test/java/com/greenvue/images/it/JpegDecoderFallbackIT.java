package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service decodes JPEGs with libjpeg-turbo where its natives load, and where they do
 * not (here: JavaCPP told it runs on another platform, so no native library matches) it says so
 * once and publishes every JPEG through ImageIO all the same.
 */
class JpegDecoderFallbackIT {

    @Test
    void withTheNativesJpegsAreDecodedByLibjpegTurbo() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("turbo");
        try (ServiceProcess service = new ServiceProcess(dir, Map.of()).start()) {
            List<CrashRecoveryIT.Accepted> accepted = CrashRecoveryIT.upload(service, 2, "Turbo");
            CrashRecoveryIT.assertAllPublished(service, accepted);
            String log = service.log();
            assertTrue(log.contains("JPEG decoder: libjpeg-turbo"), log);
            assertFalse(log.contains("unavailable, decoding JPEGs with ImageIO"), log);
        }
    }

    @Test
    void withoutTheNativesJpegsAreStillPublishedAndTheLogSaysWhy() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("no-turbo");
        try (ServiceProcess service = new ServiceProcess(dir,
                Map.of("JAVA_TOOL_OPTIONS", "-Dorg.bytedeco.javacpp.platform=windows-x86_64")).start()) {
            List<CrashRecoveryIT.Accepted> accepted = CrashRecoveryIT.upload(service, 2, "No turbo");
            CrashRecoveryIT.assertAllPublished(service, accepted);
            String log = service.log();
            assertTrue(log.contains("libjpeg-turbo (org.bytedeco:leptonica) unavailable, decoding JPEGs with ImageIO"), log);
            assertFalse(log.contains("JPEG decoder: libjpeg-turbo"), log);
        }
    }
}
