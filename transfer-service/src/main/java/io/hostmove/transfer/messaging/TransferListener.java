package io.hostmove.transfer.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Map;

/** Queues each requested step once, and stops a migration's work when it is paused or cancelled. */
@ApplicationScoped
public class TransferListener {

    private static final Logger LOG = Logger.getLogger(TransferListener.class);
    private static final Object WAKE_WORKERS = new Object();

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
    TransactionSynchronizationRegistry transactions;

    @Incoming(Topics.TRANSFER_REQUESTS)
    @Transactional
    public void onRequest(ConsumerRecord<String, String> record) {
        incoming.accept(record).ifPresent(this::enqueue);
    }

    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Transactional
    public void onLifecycle(ConsumerRecord<String, String> record) {
        incoming.accept(record).ifPresent(event -> {
            if (event.payload() instanceof MigrationPaused paused) {
                jobs.stopMigration(event.envelope().migrationId(), "paused: " + paused.reason());
            } else if (event.payload() instanceof MigrationCancelled cancelled) {
                jobs.stopMigration(event.envelope().migrationId(), "cancelled: " + cancelled.reason());
            }
        });
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
