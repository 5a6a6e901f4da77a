package io.hostmove.events;

/** A unit of work one service does for a migration; each has one completion event and may fail. */
public enum MigrationStep {
    INVENTORY(Service.TRANSFER),
    DNS_INSPECTION(Service.DNS),
    TTL_PREPARATION(Service.DNS),
    PRE_COPY(Service.TRANSFER),
    CUTOVER(Service.TRANSFER),
    DNS_SWITCH(Service.DNS),
    VERIFICATION(Service.TRANSFER),
    FINALISE(Service.TRANSFER),
    TRANSFER_ROLLBACK(Service.TRANSFER),
    DNS_ROLLBACK(Service.DNS);

    private final Service performer;

    MigrationStep(Service performer) {
        this.performer = performer;
    }

    /** The service that performs this step. */
    public Service performer() {
        return performer;
    }
}
