package io.hostmove.events;

import io.hostmove.events.model.AccountSpec;

/** Facts the planner publishes on {@link Topics#TRANSFER_REQUESTS}: a data step of the transfer-service starts. */
public sealed interface TransferRequest extends HostmoveEvent {

    /** The account as the inventory holds it now. */
    AccountSpec account();

    /** Measure the account and run the pre-migration checks. */
    record InventoryRequested(AccountSpec account) implements TransferRequest {
    }

    /** Copy files, mail and a first database copy while the old site stays live; repeatable. */
    record PreCopyRequested(AccountSpec account) implements TransferRequest {
    }

    /** Maintenance on the old side, final delta, database copy, config rewrite, verification, new side live. */
    record CutoverRequested(AccountSpec account) implements TransferRequest {
    }

    /** Check after the DNS switch that every site answers the same from the new host. */
    record VerificationRequested(AccountSpec account) implements TransferRequest {
    }

    /** The rollback window is over: clean up the old side and remove the migration's key. */
    record FinaliseRequested(AccountSpec account) implements TransferRequest {
    }

    /**
     * Make the old side live and writable again.
     *
     * @param syncBack copy back what changed on the new side since the cut-over
     */
    record TransferRollbackRequested(AccountSpec account, boolean syncBack) implements TransferRequest {
    }
}
