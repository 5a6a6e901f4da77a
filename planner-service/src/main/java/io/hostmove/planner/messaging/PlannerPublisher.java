package io.hostmove.planner.messaging;

import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsRollbackRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationCompleted;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationRescheduled;
import io.hostmove.events.MigrationLifecycle.MigrationResumed;
import io.hostmove.events.MigrationLifecycle.MigrationRolledBack;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferRequest.VerificationRequested;
import io.hostmove.events.messaging.Outbox;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.Recipient;
import io.hostmove.planner.Effect;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.persistence.Migration;
import io.hostmove.planner.persistence.MigrationEventRecord;
import io.hostmove.planner.persistence.MigrationEventRecord.Direction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** Turns the machine's effects into contract events, written to the outbox with the state change. */
@ApplicationScoped
public class PlannerPublisher {

    @Inject
    Outbox outbox;

    public void scheduled(Migration migration) {
        send(migration, new MigrationScheduled(migration.account.id, migration.account.customer.ref,
                migration.cutoverAt), null);
    }

    public void publish(Migration migration, List<Effect> effects, UUID causationId) {
        for (Effect effect : effects) {
            send(migration, toEvent(migration, effect), causationId);
        }
    }

    private void send(Migration migration, HostmoveEvent event, UUID causationId) {
        EventEnvelope envelope = outbox.publish(migration.id, causationId, event);
        MigrationEventRecord record = new MigrationEventRecord();
        record.migrationId = migration.id;
        record.eventId = envelope.id();
        record.direction = Direction.OUT;
        record.eventType = envelope.type();
        record.causationId = causationId;
        record.at = envelope.time();
        record.outcome = "published";
        record.persist();
    }

    static HostmoveEvent toEvent(Migration migration, Effect effect) {
        if (effect instanceof Effect.RequestStep request) {
            return stepRequest(migration, request);
        }
        if (effect instanceof Effect.Notify notify) {
            return notice(migration, notify.kind());
        }
        if (effect instanceof Effect.Advanced advanced) {
            return new MigrationAdvanced(advanced.from().name(), advanced.to().name());
        }
        if (effect instanceof Effect.Paused paused) {
            return new MigrationPaused(paused.phase().name(), paused.cause().name(), paused.reason());
        }
        if (effect instanceof Effect.Resumed resumed) {
            return new MigrationResumed(resumed.phase().name());
        }
        if (effect instanceof Effect.Cancelled cancelled) {
            return new MigrationCancelled(cancelled.reason());
        }
        if (effect instanceof Effect.Rescheduled rescheduled) {
            return new MigrationRescheduled(rescheduled.from(), rescheduled.to());
        }
        if (effect instanceof Effect.Completed) {
            return new MigrationCompleted();
        }
        if (effect instanceof Effect.RolledBack) {
            return new MigrationRolledBack();
        }
        throw new IllegalArgumentException("unknown effect " + effect);
    }

    private static HostmoveEvent stepRequest(Migration migration, Effect.RequestStep request) {
        AccountSpec account = migration.account.toSpec();
        DnsTarget target = target(migration.account);
        return switch (request.step()) {
            case INVENTORY -> new InventoryRequested(account);
            case PRE_COPY -> new PreCopyRequested(account);
            case CUTOVER -> new CutoverRequested(account);
            case VERIFICATION -> new VerificationRequested(account);
            case FINALISE -> new FinaliseRequested(account);
            case TRANSFER_ROLLBACK -> new TransferRollbackRequested(account, migration.rollbackSyncBack);
            case DNS_INSPECTION -> new DnsInspectionRequested(target);
            case TTL_PREPARATION -> new TtlPreparationRequested(target, migration.cutoverAt);
            case DNS_SWITCH -> new DnsSwitchRequested(target);
            case DNS_ROLLBACK -> new DnsRollbackRequested(target);
        };
    }

    private static DnsTarget target(HostingAccount account) {
        return new DnsTarget(account.domains, account.oldHost.ipv4, account.oldHost.ipv6, account.newHost.ipv4,
                account.newHost.ipv6);
    }

    private static CustomerNoticeRequested notice(Migration migration, NoticeKind kind) {
        Customer customer = migration.account.customer;
        Recipient recipient = new Recipient(customer.name, customer.email, customer.language, customer.timeZone);
        return new CustomerNoticeRequested(kind, recipient, migration.cutoverAt, migration.expectedDowntimeMinutes,
                migration.account.domains,
                (kind == NoticeKind.ACTION_REQUIRED || kind == NoticeKind.ACTION_REMINDER)
                        && migration.customerDnsChanges != null
                        ? migration.customerDnsChanges : List.of(),
                kind == NoticeKind.DONE && migration.cutoverResult != null
                        ? migration.cutoverResult.rewrites() : List.of());
    }
}
