package io.hostmove.dns.messaging;

import io.hostmove.dns.JobRunner;
import io.hostmove.dns.persistence.DnsJob.Kind;
import io.hostmove.dns.persistence.DnsMigration;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.DnsRequest;
import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsRollbackRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationCompleted;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationRolledBack;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Topics;
import io.hostmove.events.messaging.AfterCommit;
import io.hostmove.events.messaging.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Queues each requested DNS step once (the processed-event record and the job commit together), and stops a
 * migration's work when the planner pauses, cancels, completes or rolls it back, or moves it on from DNS_SWITCH.
 */
@ApplicationScoped
public class DnsRequestListener {

    private static final Logger LOG = Logger.getLogger(DnsRequestListener.class);
    private static final Object WAKE_WORKERS = new Object();

    private record Work(Kind kind, MigrationStep step) {
    }

    private static final Map<Class<? extends DnsRequest>, Work> WORK = Map.of(
            DnsInspectionRequested.class, new Work(Kind.INSPECT, MigrationStep.DNS_INSPECTION),
            TtlPreparationRequested.class, new Work(Kind.PREPARE_TTL, MigrationStep.TTL_PREPARATION),
            DnsSwitchRequested.class, new Work(Kind.SWITCH, MigrationStep.DNS_SWITCH),
            DnsRollbackRequested.class, new Work(Kind.ROLLBACK, MigrationStep.DNS_ROLLBACK));

    @Inject
    IncomingEvents incoming;

    @Inject
    JobRunner jobs;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Incoming(Topics.DNS_REQUESTS)
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        incoming.apply(record, this::enqueue);
    }

    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Blocking
    public void onLifecycle(ConsumerRecord<String, String> record) {
        incoming.apply(record, event -> {
            LOG.infof("received %s for migration %s", event.envelope().type(), event.envelope().migrationId());
            UUID migration = event.envelope().migrationId();
            Instant at = event.envelope().time();
            if (event.payload() instanceof MigrationPaused paused) {
                stop(migration, JobRunner.steps(), at, "paused: " + paused.reason());
            } else if (event.payload() instanceof MigrationCancelled cancelled) {
                stop(migration, JobRunner.steps(), at, "cancelled: " + cancelled.reason());
                restoreLoweredTtl(event);
            } else if (event.payload() instanceof MigrationRolledBack) {
                stop(migration, JobRunner.steps(), at, "the migration was rolled back");
            } else if (event.payload() instanceof MigrationCompleted) {
                stop(migration, JobRunner.steps(), at, "the migration is completed");
            } else if (event.payload() instanceof MigrationAdvanced advanced
                    && MigrationStep.DNS_SWITCH.name().equals(advanced.fromPhase())) {
                // E.g. an operator confirmed the customer's DNS change by hand: stop watching for it.
                stop(migration, Set.of(Kind.SWITCH), at, "the migration moved on to " + advanced.toPhase());
            }
        });
    }

    private void stop(UUID migration, Set<Kind> kinds, Instant before, String why) {
        int stopped = jobs.stop(migration, kinds, before, why);
        if (stopped > 0) {
            LOG.infof("stopped %d DNS job(s) of migration %s: %s", stopped, migration, why);
        }
    }

    /** TTLs lowered for a move that will not happen go back to what they were. */
    private void restoreLoweredTtl(DecodedEvent event) {
        DnsMigration migration = DnsMigration.findById(event.envelope().migrationId());
        if (migration != null && migration.ttlLoweredAt != null && migration.switchedAt == null) {
            jobs.scheduleRestore(migration.migrationId, event.envelope().id(), Instant.now(), false);
            AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
        }
    }

    private void enqueue(DecodedEvent event) {
        DnsRequest request = (DnsRequest) event.payload();
        Work work = WORK.get(request.getClass());
        LOG.infof("received %s for migration %s", event.envelope().type(), event.envelope().migrationId());
        jobs.enqueue(event.envelope().migrationId(), work.kind(), work.step(), event.envelope().id(),
                CloudEventCodec.toJson(request));
        AfterCommit.run(transactions, WAKE_WORKERS, jobs::wake);
    }
}
