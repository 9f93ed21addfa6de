package com.greenvue.images.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small Supabase Storage server with real state, for tests: buckets, objects, the gateway's
 * {@code apikey} check under {@code /storage/v1}, the storage server's bearer check, its
 * "HTTP 400 with the real status as a string in the body" errors, and failure modes a test can
 * switch on through {@code /__admin} (real 5xx/429/544, slow answers, dropped connections, outages).
 * Routes answer both under {@code /storage/v1} (as behind Supabase's gateway) and at the root (a
 * self-hosted storage server without the gateway).
 */
final class FakeSupabaseStorage {

    static final String GATEWAY_PREFIX = "/storage/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored object and the request headers it came with. */
    record StoredObject(byte[] bytes, String contentType, String cacheControl, String upsert, String clientInfo) {
    }

    /** A bucket as the storage server keeps it. */
    record Bucket(String id, boolean isPublic, Long fileSizeLimit, List<String> allowedMimeTypes) {
    }

    private final String defaultServiceKey;
    private final String defaultAnonKey;
    private volatile String serviceKey;
    private volatile String anonKey;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Map<String, Integer> uploads = new ConcurrentHashMap<>();
    private final Deque<String> failures = new ArrayDeque<>();
    /** The first requests the fake ever served (never reset): shows what the service did at startup. */
    private final List<String> firstRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long slowMillis = 2500;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-supabase");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpServer server;
    private int port;

    FakeSupabaseStorage(String serviceKey, String anonKey) {
        this.defaultServiceKey = serviceKey;
        this.defaultAnonKey = anonKey;
        this.serviceKey = serviceKey;
        this.anonKey = anonKey;
    }

    void start() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    void stop() {
        HttpServer s = server;
        if (s != null) {
            s.stop(0);
        }
        executor.shutdownNow();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
        s.createContext("/", this::handle);
        s.setExecutor(executor);
        s.start();
        return s;
    }

    /** Back to the first state of a test: known keys, the bucket {@code bucket} public, no objects, no failures. */
    synchronized void reset(String bucket) {
        serviceKey = defaultServiceKey;
        anonKey = defaultAnonKey;
        buckets.clear();
        buckets.put(bucket, new Bucket(bucket, true, null, null));
        objects.clear();
        uploads.clear();
        failures.clear();
        slowMillis = 2500;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/__admin/")) {
                admin(ex, path.substring("/__admin/".length()));
                return;
            }
            boolean gateway = path.equals(GATEWAY_PREFIX) || path.startsWith(GATEWAY_PREFIX + "/");
            String route = gateway ? path.substring(GATEWAY_PREFIX.length()) : path;
            String method = ex.getRequestMethod();
            if (firstRequests.size() < 5) {
                firstRequests.add(method + " " + route);
            }
            if (method.equals("GET") && route.startsWith("/object/public/")) {
                publicObject(ex, decode(route.substring("/object/public/".length())));
                return;
            }
            if (gateway && !gatewayAccepts(ex)) {
                return;
            }
            if (!storageAccepts(ex)) {
                return;
            }
            if ((method.equals("POST") || method.equals("PUT")) && route.startsWith("/object/")) {
                upload(ex, decode(route.substring("/object/".length())), method.equals("PUT"));
            } else if (method.equals("GET") && route.startsWith("/bucket/")) {
                getBucket(ex, decode(route.substring("/bucket/".length())));
            } else if (method.equals("POST") && route.equals("/bucket")) {
                createBucket(ex);
            } else {
                // fastify's not-found answer, as the storage server gives it
                send(ex, 404, "{\"message\":\"Route " + method + ":" + path + " not found\",\"error\":\"Not Found\","
                        + "\"statusCode\":404}");
            }
        } finally {
            ex.close();
        }
    }

    /** Supabase's gateway: a known project key in {@code apikey}, or 401. */
    private boolean gatewayAccepts(HttpExchange ex) throws IOException {
        String apikey = ex.getRequestHeaders().getFirst("apikey");
        if (apikey == null) {
            send(ex, 401, "{\"message\":\"No API key found in request\"}");
            return false;
        }
        if (!apikey.equals(serviceKey) && !apikey.equals(anonKey)) {
            send(ex, 401, "{\"message\":\"Invalid API key\"}");
            return false;
        }
        return true;
    }

    /** The storage server: the bearer JWT decides the role; only the service role may write here. */
    private boolean storageAccepts(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        if (token == null) {
            storageError(ex, 400, "MissingParameter", "Error", "Missing Required Parameter authorization");
            return false;
        }
        if (token.equals(serviceKey)) {
            return true;
        }
        if (token.equals(anonKey)) {
            storageError(ex, 403, "AccessDenied", "Unauthorized", "new row violates row-level security policy");
        } else {
            storageError(ex, 400, "InvalidJWT", "Unauthorized", "invalid signature");
        }
        return false;
    }

    private void upload(HttpExchange ex, String key, boolean put) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String failure;
        synchronized (this) {
            failure = failures.pollFirst();
        }
        int slash = key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            storageError(ex, 400, "InvalidKey", "Invalid Input", "Invalid key: " + key);
            return;
        }
        String bucketId = key.substring(0, slash);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String upsert = ex.getRequestHeaders().getFirst("x-upsert");
        if (failure != null) {
            switch (failure) {
                case "500" -> {
                    send(ex, 500, "{\"statusCode\":\"500\",\"code\":\"InternalError\",\"error\":\"internal\","
                            + "\"message\":\"Internal Server Error\"}");
                    return;
                }
                case "429" -> {
                    send(ex, 429, "{\"statusCode\":\"429\",\"code\":\"SlowDown\",\"error\":\"SlowDown\","
                            + "\"message\":\"Please reduce your request rate.\"}");
                    return;
                }
                case "544" -> {
                    send(ex, 544, "{\"statusCode\":\"544\",\"code\":\"DatabaseTimeout\",\"error\":\"DatabaseTimeout\","
                            + "\"message\":\"The connection to the database timed out\"}");
                    return;
                }
                case "503-in-body" -> {
                    storageError(ex, 503, "DatabaseConnectionLimit", "DatabaseConnectionLimit",
                            "The database has reached its maximum number of connections. Please try again later.");
                    return;
                }
                case "502-html" -> {
                    byte[] html = "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(502, html.length);
                    ex.getResponseBody().write(html);
                    return;
                }
                case "slow" -> sleep(slowMillis);
                default -> { }
            }
        }
        Bucket bucket = buckets.get(bucketId);
        if (bucket == null) {
            storageError(ex, 404, "NoSuchBucket", "Bucket not found", "Bucket not found");
            return;
        }
        if (bucket.allowedMimeTypes() != null && !bucket.allowedMimeTypes().contains(contentType)) {
            storageError(ex, 415, "InvalidMimeType", "invalid_mime_type", "mime type " + contentType + " is not supported");
            return;
        }
        if (bucket.fileSizeLimit() != null && body.length > bucket.fileSizeLimit()) {
            storageError(ex, 413, "EntityTooLarge", "Payload too large", "The object exceeded the maximum allowed size");
            return;
        }
        boolean upserting = put || "true".equals(upsert);
        if (objects.containsKey(key) && !upserting && !"exists".equals(failure)) {
            storageError(ex, 409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
            return;
        }
        objects.put(key, new StoredObject(body, contentType, ex.getRequestHeaders().getFirst("Cache-Control"), upsert,
                ex.getRequestHeaders().getFirst("X-Client-Info")));
        uploads.merge(key, 1, Integer::sum);
        if ("drop".equals(failure)) {
            // stored, but the answer is lost: close the connection without a status line
            throw new IOException("fake: dropping the connection after storing " + key);
        }
        if ("exists".equals(failure)) {
            storageError(ex, 409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
            return;
        }
        send(ex, 200, "{\"Key\":\"" + key + "\",\"Id\":\"" + UUID.randomUUID() + "\"}");
    }

    private void getBucket(HttpExchange ex, String id) throws IOException {
        Bucket b = buckets.get(id);
        if (b == null) {
            storageError(ex, 404, "NoSuchBucket", "Bucket not found", "Bucket not found");
            return;
        }
        send(ex, 200, bucketJson(b).toString());
    }

    private void createBucket(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String name = body.path("name").asText(null);
        if (name == null) {
            storageError(ex, 400, "InvalidRequest", "Error", "body must have required property 'name'");
            return;
        }
        String id = body.hasNonNull("id") ? body.get("id").asText() : name;
        Bucket b = new Bucket(id, body.path("public").asBoolean(false), null, null);
        if (buckets.putIfAbsent(id, b) != null) {
            storageError(ex, 409, "BucketAlreadyExists", "Duplicate", "The resource already exists");
            return;
        }
        send(ex, 200, "{\"name\":\"" + name + "\"}");
    }

    private void publicObject(HttpExchange ex, String key) throws IOException {
        int slash = key.indexOf('/');
        Bucket bucket = slash > 0 ? buckets.get(key.substring(0, slash)) : null;
        StoredObject o = objects.get(key);
        if (bucket == null || !bucket.isPublic()) {
            storageError(ex, 404, "NoSuchBucket", "Bucket not found", "Bucket not found");
            return;
        }
        if (o == null) {
            storageError(ex, 404, "NoSuchKey", "not_found", "Object not found");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", o.contentType());
        if (o.cacheControl() != null) {
            ex.getResponseHeaders().set("Cache-Control", o.cacheControl());
        }
        ex.sendResponseHeaders(200, o.bytes().length);
        ex.getResponseBody().write(o.bytes());
    }

    // --- test control ---

    private void admin(HttpExchange ex, String command) throws IOException {
        Map<String, String> q = query(ex.getRequestURI());
        switch (command) {
            case "reset" -> reset(q.get("bucket"));
            case "fail" -> {
                int times = Integer.parseInt(q.getOrDefault("times", "1"));
                synchronized (this) {
                    for (int i = 0; i < times; i++) {
                        failures.addLast(q.get("mode"));
                    }
                }
                if (q.containsKey("slow-ms")) {
                    slowMillis = Long.parseLong(q.get("slow-ms"));
                }
            }
            case "outage" -> {
                send(ex, 200, "{}");
                ex.close();
                outage(Long.parseLong(q.get("ms")));
                return;
            }
            case "keys" -> {
                serviceKey = q.getOrDefault("service", serviceKey);
                anonKey = q.getOrDefault("anon", anonKey);
            }
            case "delete-bucket" -> buckets.remove(q.get("id"));
            case "put-bucket" -> buckets.put(q.get("id"), new Bucket(q.get("id"),
                    Boolean.parseBoolean(q.getOrDefault("public", "true")),
                    q.containsKey("limit") ? Long.valueOf(q.get("limit")) : null,
                    q.containsKey("mime") ? List.of(q.get("mime").split(",")) : null));
            case "state" -> {
                ObjectNode state = JSON.createObjectNode();
                ObjectNode bs = state.putObject("buckets");
                buckets.values().forEach(b -> bs.set(b.id(), bucketJson(b)));
                ObjectNode os = state.putObject("objects");
                objects.forEach((k, o) -> {
                    ObjectNode n = os.putObject(k);
                    n.put("size", o.bytes().length);
                    n.put("content_type", o.contentType());
                    n.put("cache_control", o.cacheControl());
                    n.put("upsert", o.upsert());
                    n.put("client_info", o.clientInfo());
                    n.put("uploads", uploads.getOrDefault(k, 0));
                });
                synchronized (this) {
                    state.put("pending_failures", failures.size());
                }
                firstRequests.forEach(state.putArray("first_requests")::add);
                send(ex, 200, state.toString());
                return;
            }
            default -> {
                send(ex, 404, "{\"message\":\"unknown admin command " + command + "\"}");
                return;
            }
        }
        send(ex, 200, "{}");
    }

    /** Stops listening now (connections are refused) and listens again on the same port after {@code ms}. */
    private void outage(long ms) {
        server.stop(0);
        executor.execute(() -> {
            sleep(ms);
            for (int i = 0; i < 50; i++) {
                try {
                    server = listen(port);
                    return;
                } catch (BindException e) {
                    sleep(20);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static ObjectNode bucketJson(Bucket b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", b.id());
        n.put("name", b.id());
        n.put("owner", "");
        n.put("public", b.isPublic());
        if (b.fileSizeLimit() == null) {
            n.putNull("file_size_limit");
        } else {
            n.put("file_size_limit", b.fileSizeLimit());
        }
        if (b.allowedMimeTypes() == null) {
            n.putNull("allowed_mime_types");
        } else {
            b.allowedMimeTypes().forEach(n.putArray("allowed_mime_types")::add);
        }
        n.put("created_at", "2024-01-01T00:00:00.000Z");
        n.put("updated_at", "2024-01-01T00:00:00.000Z");
        return n;
    }

    /** The storage server's error shape: HTTP 400 (500 stays 500) with the real status as a string. */
    private static void storageError(HttpExchange ex, int status, String code, String error, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("statusCode", Integer.toString(status));
        body.put("code", code);
        body.put("error", error);
        body.put("message", message);
        send(ex, status == 500 ? 500 : 400, body.toString());
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
