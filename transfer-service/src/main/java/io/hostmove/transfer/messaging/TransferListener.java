package io.hostmove.transfer.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationCompleted;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationResumed;
import io.hostmove.events.MigrationLifecycle.MigrationRolledBack;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferRequest.VerificationRequested;
import io.hostmove.events.messaging.AfterCommit;
import io.hostmove.events.messaging.IncomingEvents;
import io.hostmove.transfer.JobRunner;
import io.hostmove.transfer.steps.MailCatchUp;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * Queues each requested step once, stops a migration's work when it is paused or cancelled, and opens and closes
 * its mail catch-up as the migration moves through the phases after the cut-over.
 */
@ApplicationScoped
public class TransferListener {

    private static final Logger LOG = Logger.getLogger(TransferListener.class);
    private static final Object WAKE_WORKERS = new Object();
    /** Phase names as the planner publishes them in MigrationAdvanced. */
    private static final String CUTOVER = "CUTOVER";
    private static final String FINALISING = "FINALISING";
    private static final String TRANSFER_ROLLBACK = "TRANSFER_ROLLBACK";

    private static final Map<Class<? extends TransferRequest>, MigrationStep> STEPS = Map.of(
            InventoryRequested.class, MigrationStep.INVENTORY,
            PreCopyRequested.class, MigrationStep.PRE_COPY,
            CutoverRequested.class, MigrationStep.CUTOVER,
            VerificationRequested.class, MigrationStep.VERIFICATION,
            FinaliseRequested.class, MigrationStep.FINALISE,
            TransferRollbackRequested.class, MigrationStep.TRANSFER_ROLLBACK);

    @Inject
    IncomingEvents incoming;

    @Inject
    JobRunner jobs;

    @Inject
    MailCatchUp mailCatchUp;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Incoming(Topics.TRANSFER_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        incoming.apply(record, this::enqueue);
    }

    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Blocking
    public void onLifecycle(ConsumerRecord<String, String> record) {
        incoming.apply(record, event -> {
            UUID migration = event.envelope().migrationId();
            if (event.payload() instanceof MigrationPaused paused) {
                mailCatchUp.suspend(migration, true);
                jobs.stopMigration(migration, "paused: " + paused.reason());
            } else if (event.payload() instanceof MigrationResumed) {
                mailCatchUp.suspend(migration, false);
                AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
            } else if (event.payload() instanceof MigrationCancelled cancelled) {
                mailCatchUp.close(migration, "cancelled");
                jobs.stopMigration(migration, "cancelled: " + cancelled.reason());
            } else if (event.payload() instanceof MigrationAdvanced advanced) {
                advanced(migration, advanced);
            } else if (event.payload() instanceof MigrationCompleted) {
                mailCatchUp.closeAfterLastPass(migration, "completed");
            } else if (event.payload() instanceof MigrationRolledBack) {
                mailCatchUp.close(migration, "rolled back");
            }
        });
    }

    /** The catch-up window: open from the end of the cut-over until aftercare ends or a rollback starts. */
    private void advanced(UUID migration, MigrationAdvanced advanced) {
        if (TRANSFER_ROLLBACK.equals(advanced.toPhase())) {
            mailCatchUp.close(migration, "rolling back: the old host is the live one again");
        } else if (FINALISING.equals(advanced.toPhase())) {
            mailCatchUp.closeAfterLastPass(migration, "aftercare over");
            AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
        } else if (CUTOVER.equals(advanced.fromPhase())) {
            mailCatchUp.open(migration);
            AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
        }
    }

    private void enqueue(DecodedEvent event) {
        TransferRequest request = (TransferRequest) event.payload();
        MigrationStep step = STEPS.get(request.getClass());
        LOG.infof("received %s for migration %s", event.envelope().type(), event.envelope().migrationId());
        jobs.enqueue(event.envelope().migrationId(), event.envelope().id(), event.envelope().type(),
                CloudEventCodec.toJson(request), step);
        AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
    }
}
