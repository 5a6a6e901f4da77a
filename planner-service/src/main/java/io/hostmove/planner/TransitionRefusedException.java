package io.hostmove.planner;

/** An operator asked for something the migration's current state does not allow. */
public class TransitionRefusedException extends RuntimeException {

    private final MigrationState state;

    public TransitionRefusedException(MigrationState state, String reason) {
        super(reason);
        this.state = state;
    }

    public MigrationState state() {
        return state;
    }
}
