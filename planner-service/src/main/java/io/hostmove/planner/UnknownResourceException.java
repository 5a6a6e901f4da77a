package io.hostmove.planner;

/** A path names something that does not exist (404). */
public class UnknownResourceException extends RuntimeException {

    public UnknownResourceException(String what, Object id) {
        super("no " + what + " with id '" + id + "'");
    }
}
