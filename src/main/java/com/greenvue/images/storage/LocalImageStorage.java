package com.greenvue.images.storage;

import com.greenvue.images.files.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
            DurableFiles.writeAtomically(bucketDir().resolve(fileName), webp, true);
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

    /** The stored bytes of an object of the configured bucket, if present. */
    public Optional<byte[]> read(String bucket, String fileName) throws IOException {
        if (!config.bucket().equals(bucket) || !SAFE_NAME.matcher(fileName).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(bucketDir().resolve(fileName)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Path bucketDir() {
        return Path.of(config.local().dir(), config.bucket());
    }
}
