package com.greenvue.images.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Chooses the {@link ImageStorage} the rest of the service uses, from {@code greenvue.storage.backend}. */
@ApplicationScoped
public class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class);

    @Produces
    @ApplicationScoped
    ImageStorage storage(StorageConfig config, Instance<LocalImageStorage> local) {
        ImageStorage chosen = switch (config.backend()) {
            case LOCAL -> local.get();
            case SUPABASE -> throw new IllegalStateException("supabase backend not available in this build");
        };
        LOG.infof("Image storage: %s (bucket %s)", chosen.name(), config.bucket());
        return chosen;
    }
}
