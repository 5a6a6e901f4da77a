package io.hostmove.events;

import java.time.Instant;
import java.util.UUID;

/** Facts the planner publishes on {@link Topics#MIGRATION_LIFECYCLE} about a migration as a whole. */
public sealed interface MigrationLifecycle extends HostmoveEvent {

    /** An operator planned a migration of an account for a cut-over time. */
    record MigrationScheduled(UUID accountId, String customerRef, Instant cutoverAt) implements MigrationLifecycle {
    }

    /** The migration moved from one phase to the next. */
    record MigrationAdvanced(String fromPhase, String toPhase) implements MigrationLifecycle {
    }

    /** The cut-over appointment moved. */
    record MigrationRescheduled(Instant previousCutoverAt, Instant cutoverAt) implements MigrationLifecycle {
    }

    /**
     * The migration stopped and waits for an operator. Services stop running work for it.
     *
     * @param phase  the phase it stopped in
     * @param cause  {@code OPERATOR}, {@code FAILURE} or {@code BLOCKING_FINDINGS}
     * @param reason what happened, as the failing service or the operator put it
     */
    record MigrationPaused(String phase, String cause, String reason) implements MigrationLifecycle {
    }

    /** An operator let a paused migration continue with the given phase. */
    record MigrationResumed(String phase) implements MigrationLifecycle {
    }

    /** The migration was called off before the cut-over; services release what they hold for it. */
    record MigrationCancelled(String reason) implements MigrationLifecycle {
    }

    /** The account runs on the new platform and the old side is cleaned up. */
    record MigrationCompleted() implements MigrationLifecycle {
    }

    /** The account runs on the old platform again. */
    record MigrationRolledBack() implements MigrationLifecycle {
    }
}
