package com.greenvue.images.storage;

/** Storage failed in a way that may pass: 5xx, 408, 429, timeouts, connection and disk errors. */
public class TransientStorageException extends StorageException {

    public TransientStorageException(String message) {
        this(message, null);
    }

    public TransientStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isPermanent() {
        return false;
    }
}
