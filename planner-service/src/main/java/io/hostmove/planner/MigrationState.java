package io.hostmove.planner;

import java.util.Objects;

/**
 * The state the machine decides on: a phase, and whether the migration is held in it.
 *
 * @param phase where the migration stands
 * @param pause null while it runs
 */
public record MigrationState(Phase phase, Pause pause) {

    public MigrationState {
        Objects.requireNonNull(phase, "phase");
    }

    /**
     * A hold on the current phase.
     *
     * @param cause    why
     * @param reason   what happened, in the words of the service or the operator
     * @param stepDone the phase's step completed (with findings, or after the pause): resuming moves on
     */
    public record Pause(PauseCause cause, String reason, boolean stepDone) {
    }

    public static MigrationState running(Phase phase) {
        return new MigrationState(phase, null);
    }

    public static MigrationState paused(Phase phase, PauseCause cause, String reason, boolean stepDone) {
        return new MigrationState(phase, new Pause(cause, reason, stepDone));
    }

    public boolean isPaused() {
        return pause != null;
    }
}
