package com.greenvue.images.processing;

/** The image itself cannot be processed (undecodable, corrupt): retrying would fail the same way. */
public class PermanentProcessingException extends Exception {

    public PermanentProcessingException(String message, Throwable cause) {
        super(message, cause);
    }
}
