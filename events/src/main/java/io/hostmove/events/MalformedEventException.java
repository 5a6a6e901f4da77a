package io.hostmove.events;

/** A Kafka record that is not a well-formed Hostmove CloudEvent; the message says what is wrong with it. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
