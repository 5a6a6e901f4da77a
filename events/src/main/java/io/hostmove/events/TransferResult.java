package io.hostmove.events;

import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.Finding;
import io.hostmove.events.model.TransferStats;

import java.util.List;

/** Facts the transfer-service publishes on {@link Topics#TRANSFER_RESULTS}. */
public sealed interface TransferResult extends HostmoveEvent {

    /**
     * The account was measured and checked.
     *
     * @param fileCount     files in all sites
     * @param fileBytes     bytes of all sites
     * @param databaseBytes bytes of all databases
     * @param mailMessages  messages in all mailboxes
     * @param mailBytes     bytes of all mailboxes
     * @param findings      what the checks found; any blocking one pauses the migration
     */
    record InventoryCompleted(long fileCount, long fileBytes, long databaseBytes, long mailMessages, long mailBytes,
                              List<Finding> findings) implements TransferResult {
    }

    /** Files, mail and databases are pre-copied to the new host. */
    record PreCopyCompleted(TransferStats stats) implements TransferResult {
    }

    /**
     * The account is live on the new host.
     *
     * @param downtimeMillis maintenance on at the old side until the new side went live
     * @param rewrites       configuration lines changed for the new platform
     */
    record CutoverCompleted(long downtimeMillis, TransferStats stats, List<ConfigRewrite> rewrites)
            implements TransferResult {
    }

    /** Every site answers from the new host as it did from the old. */
    record VerificationCompleted(List<String> checks) implements TransferResult {
    }

    /** The old side is cleaned up and the migration's access removed. */
    record FinaliseCompleted() implements TransferResult {
    }

    /** The old side is live and writable again. */
    record TransferRollbackCompleted(TransferStats stats) implements TransferResult {
    }

    /**
     * A step could not be done; the migration pauses with this reason.
     *
     * @param reason what went wrong and what an operator can do, in plain words
     */
    record TransferStepFailed(MigrationStep step, String reason) implements TransferResult {
    }

    /** Progress of a running step, at most every few seconds. */
    record TransferProgressed(MigrationStep step, long bytesDone, long bytesTotal, long filesDone,
                              long bytesPerSecond, long etaSeconds) implements TransferResult {
    }
}
