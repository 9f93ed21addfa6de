package com.greenvue.images.storage;

/** Storage refused in a way that will not change by retrying: wrong key, missing bucket, rejected object. */
public class PermanentStorageException extends StorageException {

    public PermanentStorageException(String message) {
        super(message, null);
    }

    @Override
    public boolean isPermanent() {
        return true;
    }
}
