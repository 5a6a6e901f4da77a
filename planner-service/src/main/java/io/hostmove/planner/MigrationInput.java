package io.hostmove.planner;

import io.hostmove.events.MigrationStep;

import java.time.Instant;

/** Everything that can move a migration: a service's completion or failure, an operator, or a timer. */
public sealed interface MigrationInput {

    /**
     * A service completed {@code step}.
     *
     * @param blocker a reason a person must look first (blocking findings), or null
     */
    record StepCompleted(MigrationStep step, String blocker) implements MigrationInput {
        public StepCompleted(MigrationStep step) {
            this(step, null);
        }
    }

    /** A service could not do {@code step}. */
    record StepFailed(MigrationStep step, String reason) implements MigrationInput {
    }

    /** The customer must change records at their own DNS provider. */
    record CustomerActionNeeded(boolean reminder) implements MigrationInput {
    }

    /** An operator saw the customer's own DNS changes take effect: the DNS switch is done without waiting on. */
    record ExternalDnsConfirmed() implements MigrationInput {
    }

    /** The planned cut-over time has come. */
    record AppointmentReached() implements MigrationInput {
    }

    /** The aftercare window is over, by the timer or because an operator finalises early. */
    record AftercareEnded() implements MigrationInput {
    }

    record Pause(String reason) implements MigrationInput {
    }

    /** Continue: repeat the interrupted step, or move on if it completed meanwhile or its findings are accepted. */
    record Resume() implements MigrationInput {
    }

    /** Run the failed (or finding-blocked) step again. */
    record Retry() implements MigrationInput {
    }

    record Cancel(String reason) implements MigrationInput {
    }

    /** Switch back to the old platform; {@code syncBack} is kept on the migration for every attempt of the step. */
    record Rollback(boolean syncBack) implements MigrationInput {
    }

    /** Move the appointment; {@code from} and {@code to} travel on to the announcement. */
    record Reschedule(Instant from, Instant to) implements MigrationInput {
    }
}
