package com.greenvue.images.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the {@link QueueBackend} every queue class injects, from {@code greenvue.queue.backend}
 * (a runtime setting, so the choice is made here and not at build time). The backend that is not
 * chosen is never created: no queue folder on PostgreSQL, no connection on files.
 */
@ApplicationScoped
class QueueBackendSelection {

    @Produces
    @ApplicationScoped
    QueueBackend backend(QueueConfig config, Instance<FileQueueBackend> files, Instance<PostgresQueueBackend> postgres) {
        return switch (config.backend()) {
            case FILE -> files.get();
            case POSTGRES -> postgres.get();
        };
    }
}
