package com.greenvue.images.queue;

/** An intake refused by a limit checked inside the backend's atomic insert: {@code queue_full} or {@code spool_full}. */
public class QueueFullException extends RuntimeException {

    private final String code;

    public QueueFullException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
