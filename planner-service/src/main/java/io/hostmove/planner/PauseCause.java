package io.hostmove.planner;

/** Why a migration waits for an operator. */
public enum PauseCause {
    /** An operator paused it. */
    OPERATOR,
    /** A service could not do its step. */
    FAILURE,
    /** The pre-migration checks found something that needs a person's decision. */
    BLOCKING_FINDINGS
}
