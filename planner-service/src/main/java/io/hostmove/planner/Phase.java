package io.hostmove.planner;

import io.hostmove.events.MigrationStep;

import java.util.Optional;

/** Where a migration stands. Forward phases run in declaration order; rollback phases after them. */
public enum Phase {
    INVENTORY(MigrationStep.INVENTORY),
    DNS_INSPECTION(MigrationStep.DNS_INSPECTION),
    TTL_PREPARATION(MigrationStep.TTL_PREPARATION),
    PRE_COPY(MigrationStep.PRE_COPY),
    /** Waits for the appointment; the planner's timer moves it on. */
    AWAITING_CUTOVER(null),
    CUTOVER(MigrationStep.CUTOVER),
    DNS_SWITCH(MigrationStep.DNS_SWITCH),
    VERIFICATION(MigrationStep.VERIFICATION),
    /** Error-report and rollback window; the planner's timer (or an operator) ends it. */
    AFTERCARE(null),
    FINALISING(MigrationStep.FINALISE),
    COMPLETED(null),
    TRANSFER_ROLLBACK(MigrationStep.TRANSFER_ROLLBACK),
    DNS_ROLLBACK(MigrationStep.DNS_ROLLBACK),
    ROLLED_BACK(null),
    CANCELLED(null);

    private final MigrationStep step;

    Phase(MigrationStep step) {
        this.step = step;
    }

    /** The step a service performs in this phase; empty for phases that wait or have ended. */
    public Optional<MigrationStep> step() {
        return Optional.ofNullable(step);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == ROLLED_BACK || this == CANCELLED;
    }

    /** Before the cut-over nothing changed for the customer; the migration can still be called off. */
    public boolean isBeforeCutover() {
        return ordinal() <= AWAITING_CUTOVER.ordinal();
    }

    /** The customer has been told the appointment (the announcement goes out when TTL preparation starts). */
    public boolean isAnnounced() {
        return ordinal() >= TTL_PREPARATION.ordinal() && !isTerminal();
    }

    /** The account may be switched back to the old platform from here. */
    public boolean isRollbackable() {
        return this == CUTOVER || this == DNS_SWITCH || this == VERIFICATION || this == AFTERCARE;
    }

    /** The customer-visible part of the move, where a hold-up must be explained to them. */
    public boolean isCustomerVisible() {
        return this == CUTOVER || this == DNS_SWITCH || this == VERIFICATION;
    }

    /** The phase after this one when its step completed. */
    public Phase next() {
        return switch (this) {
            case INVENTORY -> DNS_INSPECTION;
            case DNS_INSPECTION -> TTL_PREPARATION;
            case TTL_PREPARATION -> PRE_COPY;
            case PRE_COPY -> AWAITING_CUTOVER;
            case AWAITING_CUTOVER -> CUTOVER;
            case CUTOVER -> DNS_SWITCH;
            case DNS_SWITCH -> VERIFICATION;
            case VERIFICATION -> AFTERCARE;
            case AFTERCARE -> FINALISING;
            case FINALISING -> COMPLETED;
            case TRANSFER_ROLLBACK -> DNS_ROLLBACK;
            case DNS_ROLLBACK -> ROLLED_BACK;
            case COMPLETED, ROLLED_BACK, CANCELLED -> throw new IllegalStateException(this + " is final");
        };
    }
}
