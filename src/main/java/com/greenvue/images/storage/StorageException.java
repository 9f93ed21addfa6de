package com.greenvue.images.storage;

/** A failed storage call; the subclass says whether retrying can help. */
public abstract class StorageException extends RuntimeException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract boolean isPermanent();
}
