package io.hostmove.planner;

/** The request clashes with what exists already (409), e.g. a second open migration of one account. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
