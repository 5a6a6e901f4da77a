package io.hostmove.notification.rest;

/** Nothing is known under the requested id. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
