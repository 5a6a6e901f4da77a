package io.hostmove.planner;

/** A request is well-formed but one of its fields cannot be accepted (400, naming the field). */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
