package io.hostmove.planner;

import io.hostmove.events.DecodedEvent;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.planner.Decision.Accepted;
import io.hostmove.planner.Decision.Refused;
import io.hostmove.planner.config.PlannerConfig;
import io.hostmove.planner.messaging.PlannerPublisher;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.persistence.Migration;
import io.hostmove.planner.persistence.MigrationEventRecord;
import io.hostmove.planner.persistence.MigrationEventRecord.Direction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies every input to a migration in one transaction: the state change, its timeline and the events it
 * publishes (through the outbox) commit together or not at all.
 */
@ApplicationScoped
public class MigrationService {

    private static final Logger LOG = Logger.getLogger(MigrationService.class);
    private static final String OPERATOR = "operator";
    private static final String TIMER = "timer";
    private static final List<Phase> FINISHED = List.of(Phase.COMPLETED, Phase.ROLLED_BACK, Phase.CANCELLED);

    @Inject
    PlannerConfig config;

    @Inject
    Timeline timeline;

    @Inject
    PlannerPublisher publisher;

    /** Plans the migration of an account and requests its inventory. */
    @Transactional
    public Migration create(UUID accountId, Instant cutoverAt) {
        Instant now = Instant.now();
        HostingAccount account = HostingAccount.<HostingAccount>findByIdOptional(accountId)
                .orElseThrow(() -> new InvalidInputException("accountId", "no hosting account with id '"
                        + accountId + "'; create it with POST /accounts or import the inventory first"));
        Instant earliest = now.plus(config.minimumLeadTime());
        if (!cutoverAt.isAfter(earliest)) {
            throw new InvalidInputException("cutoverAt", "the cut-over must be after " + earliest
                    + " so that TTLs can be lowered and data pre-copied; pick a later time");
        }
        Optional<Migration> open = Migration.find("account = ?1 and phase not in ?2", account, FINISHED)
                .firstResultOptional();
        if (open.isPresent()) {
            throw new ConflictException("accountId", "account " + accountId + " already has an open migration "
                    + open.get().id + "; cancel or finish it first");
        }
        Migration migration = new Migration();
        migration.id = UUID.randomUUID();
        migration.account = account;
        migration.cutoverAt = cutoverAt;
        migration.expectedDowntimeMinutes = estimate(0);
        migration.createdAt = now;
        Accepted start = MigrationMachine.start();
        migration.apply(start.next(), now);
        migration.persist();
        timeline.begin(migration.id, migration.phase, OPERATOR, now);
        publisher.scheduled(migration);
        publisher.publish(migration, start.effects(), null);
        return migration;
    }

    /** An operator's command; refused with the current state when it does not apply. */
    @Transactional
    public Migration command(UUID id, MigrationInput input) {
        Migration migration = lock(id);
        Accepted accepted = decideOrRefuse(migration, input);
        if (input instanceof MigrationInput.Resume && migration.phase == Phase.AWAITING_CUTOVER
                && migration.cutoverAt.isBefore(Instant.now())) {
            // Resuming would start the cut-over at once, at an hour nobody agreed with the customer.
            throw new TransitionRefusedException(migration.state(), "the appointment at " + migration.cutoverAt
                    + " passed while the migration was paused; reschedule it first, then resume");
        }
        if (input instanceof MigrationInput.ExternalDnsConfirmed && migration.customerDnsChanges == null) {
            throw new TransitionRefusedException(migration.state(), "no customer was asked to change their DNS "
                    + "for this migration; our own name servers are switched and verified by the dns-service");
        }
        if (input instanceof MigrationInput.Rollback rollback) {
            migration.rollbackSyncBack = rollback.syncBack();
        }
        apply(migration, accepted, input, OPERATOR, null);
        return migration;
    }

    /** Moves the appointment while the cut-over has not begun. */
    @Transactional
    public Migration reschedule(UUID id, Instant cutoverAt) {
        if (!cutoverAt.isAfter(Instant.now().plus(config.minimumLeadTime()))) {
            throw new InvalidInputException("cutoverAt", "the new cut-over time must be in the future");
        }
        Migration migration = lock(id);
        Instant earliest = earliestAppointment(migration);
        if (earliest != null && cutoverAt.isBefore(earliest)) {
            throw new InvalidInputException("cutoverAt", "the cut-over cannot be before " + earliest + ": the "
                    + "records that change still have their old TTL until then, and resolvers would keep sending "
                    + "visitors to the old host; pick a later time");
        }
        MigrationInput input = new MigrationInput.Reschedule(migration.cutoverAt, cutoverAt);
        Accepted accepted = decideOrRefuse(migration, input);
        // The new time must be in place before the renewed announcement is written.
        migration.cutoverAt = cutoverAt;
        apply(migration, accepted, input, OPERATOR, null);
        return migration;
    }

    /**
     * The earliest appointment DNS allows once the records are known: when the lowered TTL is effective, or, while
     * it is being lowered, the longest old TTL from now. Null before the inspection.
     */
    private static Instant earliestAppointment(Migration migration) {
        if (migration.ttlEffectiveAt != null) {
            return migration.ttlEffectiveAt;
        }
        if (migration.dnsPlan != null) {
            return Instant.now().plusSeconds(migration.dnsPlan.longestTtlSeconds());
        }
        return null;
    }

    private static Accepted decideOrRefuse(Migration migration, MigrationInput input) {
        Decision decision = MigrationMachine.decide(migration.state(), input);
        if (decision instanceof Refused refused) {
            throw new TransitionRefusedException(migration.state(), refused.reason());
        }
        return (Accepted) decision;
    }

    /** A due timer: the appointment has come, or the aftercare window is over. */
    @Transactional
    public void timerFired(UUID id, MigrationInput input) {
        Migration migration = lock(id);
        Decision decision = MigrationMachine.decide(migration.state(), input);
        if (decision instanceof Accepted accepted) {
            apply(migration, accepted, input, TIMER, null);
        }
    }

    /** A service's event, already claimed in this transaction's processed-event table. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onEvent(DecodedEvent event) {
        UUID migrationId = event.envelope().migrationId();
        Optional<Migration> found = Migration.lock(migrationId);
        if (found.isEmpty()) {
            LOG.warnf("%s %s names migration %s, which this planner does not know; ignored",
                    event.envelope().type(), event.envelope().id(), migrationId);
            return;
        }
        Migration migration = found.get();
        keepFacts(migration, event.payload());
        String outcome = EventInputs.of(event.payload(), migration.cutoverAt)
                .map(input -> decideOnEvent(migration, input, event))
                .orElse("recorded");
        MigrationEventRecord record = new MigrationEventRecord();
        record.migrationId = migrationId;
        record.eventId = event.envelope().id();
        record.direction = Direction.IN;
        record.eventType = event.envelope().type();
        record.causationId = event.envelope().causationId();
        record.at = Instant.now();
        record.outcome = outcome;
        record.persist();
    }

    private String decideOnEvent(Migration migration, MigrationInput input, DecodedEvent event) {
        MigrationState before = migration.state();
        Decision decision = MigrationMachine.decide(before, input);
        if (decision instanceof Refused refused) {
            LOG.infof("migration %s: %s ignored: %s", migration.id, event.envelope().type(), refused.reason());
            return "ignored: " + refused.reason();
        }
        Accepted accepted = (Accepted) decision;
        apply(migration, accepted, input, event.envelope().id().toString(), event.envelope().id());
        MigrationState after = accepted.next();
        if (after.isPaused() && !before.isPaused()) {
            return "paused in " + after.phase() + ": " + after.pause().reason();
        }
        return before.phase() == after.phase() ? "applied in " + after.phase()
                : before.phase() + " -> " + after.phase();
    }

    private void apply(Migration migration, Accepted accepted, MigrationInput input, String trigger,
                       UUID causationId) {
        Instant now = Instant.now();
        MigrationState before = migration.state();
        timeline.record(migration.id, before, accepted.next(), input, trigger, now);
        migration.apply(accepted.next(), now);
        if (before.phase() != Phase.AFTERCARE && migration.phase == Phase.AFTERCARE) {
            migration.aftercareEndsAt = now.plus(config.aftercareWindow());
        }
        publisher.publish(migration, accepted.effects(), causationId);
    }

    /** Keeps what a service reported that later steps and emails need. */
    private void keepFacts(Migration migration, HostmoveEvent payload) {
        if (payload instanceof InventoryCompleted inventory) {
            migration.inventory = inventory;
            migration.expectedDowntimeMinutes = estimate(inventory.databaseBytes());
        } else if (payload instanceof DnsInspectionCompleted plan) {
            migration.dnsPlan = plan;
        } else if (payload instanceof TtlLowered lowered) {
            migration.ttlEffectiveAt = lowered.effectiveAt();
        } else if (payload instanceof DnsSwitchCompleted switched) {
            migration.dnsSwitch = switched;
        } else if (payload instanceof ExternalDnsChangeRequired required) {
            migration.customerDnsChanges = required.records();
        } else if (payload instanceof CutoverCompleted cutover) {
            migration.cutoverResult = cutover;
        } else if (payload instanceof TransferProgressed progress) {
            migration.progress = progress;
        }
    }

    private int estimate(long databaseBytes) {
        return DowntimeEstimate.minutes(databaseBytes, config.databaseBytesPerSecond(), config.downtimeOverhead());
    }

    private static Migration lock(UUID id) {
        return Migration.lock(id).orElseThrow(() -> new UnknownResourceException("migration", id));
    }
}
