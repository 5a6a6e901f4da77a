package io.hostmove.planner;

import io.hostmove.events.MigrationStep;

import java.time.Instant;
import io.hostmove.events.NoticeKind;

/** What a transition asks the world to do; the planner turns each into an event in its outbox. */
public sealed interface Effect {

    /** Ask the performing service to start {@code step}; its options (e.g. a rollback's sync-back) live on the migration. */
    record RequestStep(MigrationStep step) implements Effect {
    }

    /** Tell the customer. */
    record Notify(NoticeKind kind) implements Effect {
    }

    record Advanced(Phase from, Phase to) implements Effect {
    }

    record Paused(Phase phase, PauseCause cause, String reason) implements Effect {
    }

    record Resumed(Phase phase) implements Effect {
    }

    record Cancelled(String reason) implements Effect {
    }

    record Rescheduled(Instant from, Instant to) implements Effect {
    }

    record Completed() implements Effect {
    }

    record RolledBack() implements Effect {
    }
}
