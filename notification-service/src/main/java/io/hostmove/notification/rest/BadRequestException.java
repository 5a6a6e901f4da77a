package io.hostmove.notification.rest;

/** A request parameter or body field is wrong; the message says why and what to send instead. */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
