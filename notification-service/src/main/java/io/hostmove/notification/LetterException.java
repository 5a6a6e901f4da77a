package io.hostmove.notification;

/** A letter could not be written: a template failed or the notice lacks what the template needs. */
public class LetterException extends RuntimeException {

    public LetterException(String message, Throwable cause) {
        super(message, cause);
    }

    public LetterException(String message) {
        super(message);
    }
}
