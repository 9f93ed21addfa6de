package com.greenvue.images.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Chooses the {@link ImageStorage} the rest of the service uses, from {@code greenvue.storage.backend},
 * and checks the chosen backend's settings first thing at startup, so a missing
 * {@code SUPABASE_URL} or {@code SUPABASE_SERVICE_KEY} stops the service before it accepts uploads.
 */
@ApplicationScoped
public class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class);

    @Produces
    @ApplicationScoped
    ImageStorage storage(StorageConfig config, Instance<LocalImageStorage> local, Instance<SupabaseStorage> supabase) {
        ImageStorage chosen = switch (config.backend()) {
            case LOCAL -> local.get();
            case SUPABASE -> supabase.get();
        };
        LOG.infof("Image storage: %s (bucket %s)", chosen.name(), config.bucket());
        return chosen;
    }

    /** Runs before the queue is restored (priority 10): fail fast on a misconfigured backend. */
    void checkAtStartup(@Observes @Priority(1) StartupEvent ev, StorageConfig config,
            Instance<SupabaseStorage> supabase) {
        if (config.backend() == StorageConfig.Backend.SUPABASE) {
            SupabaseSettings.resolve(config); // throws naming the missing variable
            supabase.get().startup();
        }
    }
}
