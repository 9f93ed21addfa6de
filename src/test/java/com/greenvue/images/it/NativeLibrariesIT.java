package com.greenvue.images.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundled native code (libjpeg-turbo through JavaCPP, webp-imageio's libwebp) is unpacked
 * under the data dir, once, and a start leaves nothing in the temp folder: started twice on one
 * data dir with a temp folder of its own (killed with -9 the first time), the service leaves that
 * folder without files and its own native folder without per-start copies.
 */
class NativeLibrariesIT {

    @Test
    void nativeLibrariesLiveUnderTheDataDirAndNoStartLeavesCopiesInTheTempFolder() throws Exception {
        Path dir = CrashRecoveryIT.freshDir("native-libs");
        Path tmp = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-tmp")).toAbsolutePath();
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        Path nativeDir = dir.resolve("native");
        List<String> unpackedAfterFirstStart = null;
        for (int start = 1; start <= 2; start++) {
            try (ServiceProcess service = new ServiceProcess(dir, env).start()) {
                // a JPEG (libjpeg-turbo decodes, libwebp encodes), then its WebP output as an upload (libwebp decodes)
                List<CrashRecoveryIT.Accepted> accepted = new ArrayList<>(CrashRecoveryIT.upload(service, 1, "Native"));
                CrashRecoveryIT.assertAllPublished(service, accepted);
                byte[] webp = service.getBytes(accepted.get(0).path()).body();
                Multipart body = new Multipart().file("images", "again.webp", webp);
                HttpResponse<String> r = service.post("/api/upload/listing_image", body.contentType(), body.bytes(),
                        Map.of());
                assertEquals(202, r.statusCode(), r.body());
                String id = CrashRecoveryIT.JSON.readTree(r.body()).path("data").path("images").get(0).path("id").asText();
                String url = CrashRecoveryIT.JSON.readTree(r.body()).path("data").path("images").get(0).path("url").asText();
                CrashRecoveryIT.assertAllPublished(service,
                        List.of(new CrashRecoveryIT.Accepted(id, url.substring(url.indexOf("/storage/v1/")))));
                String log = service.log();
                assertTrue(log.contains("JPEG decoder: libjpeg-turbo"), log);
                assertTrue(Files.isDirectory(nativeDir.resolve("javacpp")), "JavaCPP's cache is under the data dir");
                if (start == 1) {
                    service.kill(); // kill -9: no exit hooks run
                } else {
                    service.terminate(Duration.ofSeconds(30));
                }
            }
            assertEquals(List.of(), files(tmp), "files left in the temp folder after start " + start);
            if (start == 2) {
                // the copy the killed process left was removed at this start, this one's own at its exit
                assertEquals(List.of(), files(nativeDir.resolve("webp-imageio")), "webp-imageio copies left");
            }
            List<String> unpacked = files(nativeDir).stream().filter(f -> !f.startsWith("webp-imageio"))
                    .collect(Collectors.toList());
            assertTrue(unpacked.stream().anyMatch(f -> f.contains("libjnileptonica")),
                    "libjpeg-turbo (inside Leptonica) unpacked: " + unpacked);
            if (unpackedAfterFirstStart == null) {
                unpackedAfterFirstStart = unpacked;
            } else {
                assertEquals(unpackedAfterFirstStart, unpacked, "the second start reused the first one's files");
            }
        }
    }

    /** Regular files below {@code root} (Vert.x's empty file-cache folder is not one). */
    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }
}
