package com.greenvue.images.storage;

import com.greenvue.images.files.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded storage: objects are files under a local folder and this service serves them at
 * Supabase's public path, so URLs look the same as in production. Never resolves a name that
 * could leave its folder.
 */
@ApplicationScoped
@Typed(LocalImageStorage.class)
public class LocalImageStorage implements ImageStorage {

    /** Our object names are slug-id.webp; anything else is never looked up on disk. */
    static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,100}\\.webp");

    @Inject
    StorageConfig config;

    @Override
    public void put(String fileName, byte[] webp) {
        if (!SAFE_NAME.matcher(fileName).matches()) {
            throw new PermanentStorageException("refusing unsafe object name '" + fileName + "'");
        }
        try {
            Path object = bucketDir().resolve(fileName);
            DurableFiles.writeAtomically(object, webp, true);
            // the ETag is computed once, here, from the bytes in hand; reads only stat the file
            writeEtag(object, etag(webp));
        } catch (IOException e) {
            throw new TransientStorageException("local storage write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String publicUrl(String fileName) {
        return PublicUrls.objectUrl(config.local().publicBaseUrl(), config.bucket(), fileName);
    }

    @Override
    public String name() {
        return "local";
    }

    /** A stored object as a GET serves it: its file (streamed, never read whole), length and ETag. */
    public record StoredObject(Path file, long size, String etag) {
    }

    /** Whether {@link #find} would find the object: the same name checks and one stat, no ETag work. */
    public boolean has(String bucket, String fileName) {
        return servable(bucket, fileName) && Files.exists(bucketDir().resolve(fileName));
    }

    /** An object this store could hold: the configured bucket and a safe name (never a path). */
    private boolean servable(String bucket, String fileName) {
        return config.bucket().equals(bucket) && SAFE_NAME.matcher(fileName).matches();
    }

    /**
     * The object {@code fileName} of the configured bucket, if present, with the ETag stored when it
     * was written. Reads no object bytes; only an object whose ETag record is missing or does not
     * match its size and time (written by an older version, or a crash between the two writes) is
     * hashed once, streaming, and its record rewritten.
     */
    public Optional<StoredObject> find(String bucket, String fileName) throws IOException {
        if (!servable(bucket, fileName)) {
            return Optional.empty();
        }
        Path object = bucketDir().resolve(fileName);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(object, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String stamp = attrs.size() + " " + attrs.lastModifiedTime().toMillis();
        try {
            String[] stored = Files.readString(etagFile(object), StandardCharsets.US_ASCII).split("\n");
            if (stored.length == 2 && stored[1].equals(stamp)) {
                return Optional.of(new StoredObject(object, attrs.size(), stored[0]));
            }
        } catch (NoSuchFileException e) {
            // not recorded yet: hash it once below
        }
        String etag;
        try (InputStream in = new DigestInputStream(Files.newInputStream(object), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            etag = hex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            writeEtag(object, etag);
        } catch (IOException e) {
            // served all the same; the next read hashes again
        }
        return Optional.of(new StoredObject(object, attrs.size(), etag));
    }

    /** The stored bytes of an object of the configured bucket, if present (tests read objects back). */
    public Optional<byte[]> read(String bucket, String fileName) throws IOException {
        Optional<StoredObject> found = find(bucket, fileName);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(found.get().file()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Records the ETag with the object's size and time, so a replaced object is never served with a
     * stale one. Atomic (a unique temp file renamed: a put and a first GET may write it at once) but
     * not fsynced: a record lost or torn by a crash no longer matches and is rebuilt on the next read.
     */
    private static void writeEtag(Path object, String etag) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(object, BasicFileAttributes.class);
        String record = etag + "\n" + attrs.size() + " " + attrs.lastModifiedTime().toMillis();
        Path tmp = Files.createTempFile(object.getParent(), "." + object.getFileName() + ".etag-", ".tmp");
        try {
            Files.writeString(tmp, record, StandardCharsets.US_ASCII);
            Files.move(tmp, etagFile(object), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Beside the object; its name never matches {@link #SAFE_NAME}, so it is never served. */
    private static Path etagFile(Path object) {
        return object.resolveSibling(object.getFileName() + ".etag");
    }

    static String etag(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path bucketDir() {
        return Path.of(config.local().dir(), config.bucket());
    }
}
