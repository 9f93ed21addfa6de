package com.greenvue.images.queue;

import java.nio.file.Path;

/** The backend contract on the file backend. */
class FileQueueBackendTest extends QueueBackendContract {
    // every test and its assertions are inherited from QueueBackendContract; this class only changes where it runs

    private Path dir;

    @Override
    QueueBackend backend() throws Exception {
        dir = tmp.resolve("queue");
        QueueBackend b = new FileQueueBackend(new FileQueueStore(dir, FileQueueStoreRecoveryTest.JSON));
        b.open(r -> { });
        return b;
    }

    @Override
    QueueBackend reopen() throws Exception {
        return new FileQueueBackend(new FileQueueStore(dir, FileQueueStoreRecoveryTest.JSON));
    }
}
