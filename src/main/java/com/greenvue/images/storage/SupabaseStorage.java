package com.greenvue.images.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.restclient.config.RestClientBuilderFactory;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The {@code supabase} backend: publishes images to a Supabase Storage bucket through the typed
 * {@link SupabaseStorageApi} client, adding auth headers and timeouts, and turns every HTTP
 * outcome into {@link TransientStorageException} or {@link PermanentStorageException}. Never
 * lets the service key reach a log line or an exception message.
 */
@ApplicationScoped
@Typed(SupabaseStorage.class)
public class SupabaseStorage implements ImageStorage {

    private static final Logger LOG = Logger.getLogger(SupabaseStorage.class);

    @Inject
    StorageConfig config;
    @Inject
    ObjectMapper json;

    private SupabaseSettings settings;
    /** For uploads and startup calls: the configured connect/read timeouts. */
    private SupabaseStorageApi api;
    /** For readiness checks: bounded by the (short) health timeout. */
    private SupabaseBucketProbeApi probeApi;

    /** What a bucket check found. */
    public record BucketInfo(String bucket, boolean isPublic) {
    }

    @PostConstruct
    void init() {
        settings = SupabaseSettings.resolve(config);
        api = client(SupabaseStorageApi.class, settings.connectTimeout, settings.readTimeout);
        Duration probe = settings.healthTimeout;
        probeApi = client(SupabaseBucketProbeApi.class, min(settings.connectTimeout, probe), probe);
        LOG.infof("Supabase Storage: API %s, public URLs under %s, bucket %s", settings.apiUrl,
                settings.publicBaseUrl, settings.bucket);
    }

    /**
     * Startup work: optionally creates the bucket, and warns when it is missing or not public.
     * Never fails startup for an unreachable server: readiness reports that until it answers.
     */
    public void startup() {
        try {
            BucketInfo info = settings.createBucketIfMissing ? ensureBucket() : checkBucket(true);
            if (!info.isPublic()) {
                LOG.warnf("Supabase bucket '%s' is not public: the image URLs will not answer until it is made "
                        + "public (Storage > bucket > Edit > Public bucket)", settings.bucket);
            }
        } catch (StorageException e) {
            // storage may come up later; readiness reports it meanwhile
            LOG.errorf("Supabase Storage bucket check at startup failed: %s", e.getMessage());
        }
    }

    @Override
    public void put(String fileName, byte[] webp) {
        String action = "upload of '" + settings.bucket + "/" + fileName + "'";
        Answer answer = send(action, () -> api.upload(settings.bucket, fileName, settings.authorization(),
                settings.apiKey(), "true", settings.cacheControl, webp));
        if (answer.ok()) {
            return;
        }
        SupabaseError error = answer.error();
        if (error.alreadyExists()) {
            // names are unique per image: an object already there is this image, stored by an earlier attempt
            LOG.infof("Supabase: %s answered 409 (already exists); counting it as stored", action);
            return;
        }
        throw fail(error, action);
    }

    @Override
    public String publicUrl(String fileName) {
        return PublicUrls.objectUrl(settings.publicBaseUrl, settings.bucket, fileName);
    }

    @Override
    public String name() {
        return "supabase";
    }

    public String bucket() {
        return settings.bucket;
    }

    public Duration healthTimeout() {
        return settings.healthTimeout;
    }

    public Duration healthInterval() {
        return settings.healthInterval;
    }

    /**
     * Reads the bucket; with {@code probe} bounded by the health timeout.
     *
     * @throws StorageException when it is missing or unreachable
     */
    public BucketInfo checkBucket(boolean probe) {
        String action = "bucket check of '" + settings.bucket + "'";
        Answer answer = send(action, () -> probe ? probeApi.bucket(settings.bucket, settings.authorization(), settings.apiKey())
                : api.bucket(settings.bucket, settings.authorization(), settings.apiKey()));
        if (!answer.ok()) {
            throw fail(answer.error(), action);
        }
        return new BucketInfo(settings.bucket, isPublic(answer.body()));
    }

    /** Creates the bucket as public when it is missing; a concurrent creation (409) counts as success. */
    public BucketInfo ensureBucket() {
        String check = "bucket check of '" + settings.bucket + "'";
        // the check is bounded by the health timeout: a hanging server must not hold up startup
        Answer answer = send(check, () -> probeApi.bucket(settings.bucket, settings.authorization(), settings.apiKey()));
        if (answer.ok()) {
            return new BucketInfo(settings.bucket, isPublic(answer.body()));
        }
        if (!answer.error().bucketMissing()) {
            throw fail(answer.error(), check);
        }
        String create = "creation of bucket '" + settings.bucket + "'";
        Map<String, Object> body = Map.of("id", settings.bucket, "name", settings.bucket, "public", true);
        Answer created = send(create, () -> api.createBucket(body, settings.authorization(), settings.apiKey()));
        if (!created.ok() && !created.error().alreadyExists()) {
            throw fail(created.error(), create);
        }
        LOG.infof("Supabase bucket '%s' was missing and has been created as a public bucket", settings.bucket);
        return checkBucket(true);
    }

    /** One answer of the storage server, body read and connection released. */
    private record Answer(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        SupabaseError error() {
            return SupabaseError.parse(status, body);
        }
    }

    /** Sends one request; I/O failures (refused, timed out, connection lost) become transient exceptions. */
    private Answer send(String action, Supplier<Response> request) {
        Response response;
        try {
            response = request.get();
        } catch (WebApplicationException e) {
            response = e.getResponse();
        } catch (ProcessingException e) {
            throw new TransientStorageException(settings.redact("Supabase Storage " + action + " failed: "
                    + describe(e)), null);
        }
        try (Response r = response) {
            return new Answer(r.getStatus(), readBody(r));
        }
    }

    private StorageException fail(SupabaseError error, String action) {
        StorageException e = error.toException(action, settings.bucket);
        String message = settings.redact(e.getMessage());
        if (message.equals(e.getMessage())) {
            return e;
        }
        return e.isPermanent() ? new PermanentStorageException(message) : new TransientStorageException(message);
    }

    private String describe(ProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        if (root instanceof TimeoutException || root instanceof SocketTimeoutException
                || name.contains("Timeout")) {
            return "no answer within the timeout (connect " + settings.connectTimeout.toMillis() + " ms, read "
                    + settings.readTimeout.toMillis() + " ms)";
        }
        if (root instanceof ConnectException || name.contains("ConnectException")) {
            return "cannot connect to " + settings.apiUrl + " (" + root.getMessage() + ")";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        return "connection lost before the answer (" + name
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }

    private static String readBody(Response r) {
        if (!r.hasEntity()) {
            return "";
        }
        try {
            return r.readEntity(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private boolean isPublic(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.path("public").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A client configured first from {@code quarkus.rest-client.<configKey>.*} and the global
     * {@code quarkus.rest-client.*} (proxy, TLS trust store, logging, pool size), then given the URL
     * and timeouts of {@code greenvue.storage.supabase.*}, which always win; answers come back as
     * raw Responses.
     */
    private <T> T client(Class<T> api, Duration connect, Duration read) {
        return RestClientBuilderFactory.getInstance().newBuilder(api)
                .baseUri(settings.apiUrl)
                .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .followRedirects(false)
                .build(api);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
