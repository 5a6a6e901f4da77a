package io.hostmove.notification;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.MigrationLifecycle;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationCancelled;
import io.hostmove.events.MigrationLifecycle.MigrationRescheduled;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.NotificationResult.CustomerNotificationFailed;
import io.hostmove.events.messaging.Outbox;
import io.hostmove.notification.config.NotificationConfig;
import io.hostmove.notification.persistence.IgnoredEvent;
import io.hostmove.notification.persistence.KnownMigration;
import io.hostmove.notification.persistence.Notification;
import io.hostmove.notification.persistence.Notification.State;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the planner's requests and the migrations' lifecycle into rows of the email ledger: each email once, its
 * reminder scheduled, moved or cancelled. Nothing is sent here; {@link Delivery} sends what is due.
 */
@ApplicationScoped
public class Notices {

    private static final Logger LOG = Logger.getLogger(Notices.class);

    /** The phases before the cut-over; entering any other means the cut-over began. */
    private static final Set<String> BEFORE_CUTOVER = Set.of("INVENTORY", "DNS_INSPECTION", "TTL_PREPARATION",
            "PRE_COPY", "AWAITING_CUTOVER");

    /** Notices that mean the cut-over began, was called off or is over: no reminder after them. */
    private static final Set<NoticeKind> END_REMINDERS = Set.of(NoticeKind.STARTED, NoticeKind.DONE,
            NoticeKind.ACTION_REQUIRED, NoticeKind.ACTION_REMINDER, NoticeKind.ROLLED_BACK, NoticeKind.CANCELLED);

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    NotificationConfig config;

    /**
     * Records the email {@code notice} asks for; returns true when there is something new to send. A few set-based
     * statements per notice, since a wave brings thousands at once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean request(EventEnvelope envelope, CustomerNoticeRequested notice) {
        UUID migrationId = envelope.migrationId();
        CustomerNoticeRequested clean = Secrets.scrub(notice);
        if (clean.cutoverAt() == null) {
            return failAtOnce(envelope, clean, "the notice has no appointment (cutoverAt); the planner must send one");
        }
        boolean ends = END_REMINDERS.contains(clean.kind());
        boolean announcement = clean.kind() == NoticeKind.ANNOUNCEMENT;
        String json = CloudEventCodec.toJson(clean);
        // Learn the appointment unless a newer fact set it; keep the announcement (the reminder's text) likewise.
        Object[] known = (Object[]) entityManager.createNativeQuery("""
                        with k as (
                            insert into known_migration as k (migration_id, cutover_at, cutover_as_of, last_notice,
                                cutover_began, cancelled, announcement, announcement_event_id, updated_at)
                            values (?1, ?2, ?3, ?4, ?5, ?6, case when ?7 then ?4 end, case when ?7 then ?8 end, now())
                            on conflict (migration_id) do update set
                                cutover_at = case when k.cutover_as_of is null or k.cutover_as_of <= ?3
                                                  then ?2 else k.cutover_at end,
                                cutover_as_of = greatest(k.cutover_as_of, ?3),
                                last_notice = ?4,
                                cutover_began = k.cutover_began or ?5,
                                cancelled = k.cancelled or ?6,
                                announcement = case when ?7 and (k.cutover_as_of is null or k.cutover_as_of <= ?3
                                                                 or k.cutover_at = ?2)
                                                    then ?4 else k.announcement end,
                                announcement_event_id = case when ?7 and (k.cutover_as_of is null
                                                                          or k.cutover_as_of <= ?3 or k.cutover_at = ?2)
                                                             then ?8 else k.announcement_event_id end,
                                updated_at = now()
                            returning k.cutover_at, k.cancelled, k.cutover_began),
                        c as (
                            update notification set state = 'CANCELLED', detail = ?9, updated_at = now()
                            where ?10 and migration_id = ?1 and kind = 'REMINDER' and state in ('SCHEDULED', 'PENDING'))
                        select cutover_at, cancelled, cutover_began from k""")
                .setParameter(1, migrationId)
                .setParameter(2, clean.cutoverAt())
                .setParameter(3, envelope.time())
                .setParameter(4, json)
                .setParameter(5, ends && clean.kind() != NoticeKind.CANCELLED)
                .setParameter(6, clean.kind() == NoticeKind.CANCELLED)
                .setParameter(7, announcement)
                .setParameter(8, envelope.id())
                .setParameter(9, "no reminder after the " + clean.kind() + " notice")
                .setParameter(10, ends)
                .getSingleResult();
        Instant knownCutover = instant(known[0]);

        String email = clean.recipient() == null ? null : clean.recipient().email();
        Optional<String> badAddress = EmailAddress.problem(email);
        if (badAddress.isPresent()) {
            return failAtOnce(envelope, clean, badAddress.get());
        }
        boolean stale = announcement && !knownCutover.equals(clean.cutoverAt());
        boolean inserted = insert(migrationId, clean.kind(), EmailAddress.key(email), clean.cutoverAt(), envelope.id(),
                clean, stale ? State.CANCELLED : State.PENDING, Instant.now(),
                stale ? "not sent: the appointment has moved to " + knownCutover + " since this was asked for" : null);
        if (!inserted) {
            LOG.infof("%s for migration %s to this recipient and appointment was asked for before; not sent again",
                    clean.kind(), migrationId);
            return false;
        }
        if (announcement && !stale && !Boolean.TRUE.equals(known[1]) && !Boolean.TRUE.equals(known[2])) {
            scheduleReminder(migrationId, clean, envelope.id(), knownCutover);
        }
        return !stale;
    }

    /** Applies a lifecycle fact: remembers the migration, moves or cancels its reminder. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lifecycle(EventEnvelope envelope, MigrationLifecycle event) {
        UUID migrationId = envelope.migrationId();
        if (event instanceof MigrationScheduled scheduled) {
            KnownMigration known = known(migrationId);
            known.accountId = scheduled.accountId();
            known.customerRef = scheduled.customerRef();
            known.learnCutover(scheduled.cutoverAt(), envelope.time());
            known.updatedAt = Instant.now();
            return;
        }
        Optional<KnownMigration> found = KnownMigration.lock(migrationId);
        if (found.isEmpty()) {
            // Kept all the same, so that a notice arriving later still honours it (e.g. no reminder after a cancel).
            ignore(envelope, "migration " + migrationId + " is unknown here: no MigrationScheduled (and no notice) "
                    + "was received for it before this event; its facts are kept, but there was nothing to move or "
                    + "cancel");
        }
        KnownMigration known = found.orElseGet(() -> known(migrationId));
        known.updatedAt = Instant.now();
        if (event instanceof MigrationRescheduled rescheduled) {
            if (known.learnCutover(rescheduled.cutoverAt(), envelope.time())) {
                scheduleReminder(known);
            }
        } else if (event instanceof MigrationCancelled) {
            known.cancelled = true;
            cancelReminders(migrationId, "the migration was cancelled");
        } else if (event instanceof MigrationAdvanced advanced) {
            known.phase = advanced.toPhase();
            if (!BEFORE_CUTOVER.contains(advanced.toPhase())) {
                known.cutoverBegan = true;
                cancelReminders(migrationId, "the cut-over began (" + advanced.toPhase() + ")");
            }
        }
    }

    /** The reminder for the migration's current appointment, from its latest announcement, if it is still wanted. */
    void scheduleReminder(KnownMigration known) {
        if (known.cancelled || known.cutoverBegan || known.cutoverAt == null || known.announcement().isEmpty()) {
            return;
        }
        scheduleReminder(known.migrationId, known.announcement().get(), known.announcementEventId, known.cutoverAt);
    }

    /**
     * Makes sure the reminder for {@code appointment} is scheduled and no other is. A reminder whose time has already
     * come when the appointment is learnt is not sent: the announcement itself is recent enough.
     */
    private void scheduleReminder(UUID migrationId, CustomerNoticeRequested announcement, UUID cause,
                                  Instant appointment) {
        if (EmailAddress.problem(announcement.recipient() == null ? null : announcement.recipient().email())
                .isPresent()) {
            return;
        }
        Instant due = appointment.minus(config.reminderLead());
        boolean late = !due.isAfter(Instant.now());
        CustomerNoticeRequested reminder = new CustomerNoticeRequested(NoticeKind.REMINDER, announcement.recipient(),
                appointment, announcement.expectedDowntimeMinutes(), announcement.domains(), announcement.dnsChanges(),
                announcement.configRewrites());
        // A reminder cancelled because its appointment moved comes back if the appointment moves back.
        entityManager.createNativeQuery("""
                        with moved as (
                            update notification set state = 'CANCELLED', updated_at = now(), detail = ?8
                            where migration_id = ?2 and kind = 'REMINDER' and state in ('SCHEDULED', 'PENDING')
                              and appointment <> ?4)
                        insert into notification (id, migration_id, kind, recipient, appointment, cause_event_id, notice,
                                                  state, due_at, attempts, detail, requests, created_at, updated_at)
                        values (?1, ?2, 'REMINDER', ?3, ?4, ?5, ?6, ?9, ?7, 0, ?10, 1, now(), now())
                        on conflict (migration_id, kind, recipient, appointment) do update
                            set state = excluded.state, due_at = excluded.due_at, notice = excluded.notice,
                                detail = excluded.detail, updated_at = now()
                            where notification.state = 'CANCELLED' and notification.detail like 'moved:%'""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, migrationId)
                .setParameter(3, EmailAddress.key(announcement.recipient().email()))
                .setParameter(4, appointment)
                .setParameter(5, cause)
                .setParameter(6, CloudEventCodec.toJson(reminder))
                .setParameter(7, due)
                .setParameter(8, "moved: the appointment is now " + appointment)
                .setParameter(9, late ? State.CANCELLED.name() : State.SCHEDULED.name())
                .setParameter(10, late ? "not scheduled: the appointment was announced less than "
                        + config.reminderLead() + " ahead, so the announcement is the reminder" : null)
                .executeUpdate();
    }

    private void cancelReminders(UUID migrationId, String why) {
        Notification.update("state = ?1, detail = ?2, updatedAt = ?3 where migrationId = ?4 and kind = ?5 "
                        + "and state in (?6, ?7)", State.CANCELLED, why, Instant.now(), migrationId,
                NoticeKind.REMINDER, State.SCHEDULED, State.PENDING);
    }

    /** Records a notice that cannot be sent as FAILED and tells the planner, in one transaction. */
    private boolean failAtOnce(EventEnvelope envelope, CustomerNoticeRequested notice, String reason) {
        String recipient = notice.recipient() == null ? "" : EmailAddress.key(notice.recipient().email());
        Instant appointment = notice.cutoverAt() == null ? Instant.EPOCH : notice.cutoverAt();
        boolean inserted = insert(envelope.migrationId(), notice.kind(), recipient, appointment, envelope.id(), notice,
                State.FAILED, Instant.now(), reason);
        if (inserted) {
            LOG.warnf("%s for migration %s cannot be sent: %s", notice.kind(), envelope.migrationId(), reason);
            outbox.publish(envelope.migrationId(), envelope.id(), new CustomerNotificationFailed(notice.kind(), reason));
        }
        return false;
    }

    /** Inserts one ledger row unless the same email exists; then only counts the repeated request. */
    private boolean insert(UUID migrationId, NoticeKind kind, String recipient, Instant appointment, UUID cause,
                           CustomerNoticeRequested notice, State state, Instant due, String detail) {
        Object inserted = entityManager.createNativeQuery("""
                        insert into notification (id, migration_id, kind, recipient, appointment, cause_event_id, notice,
                                                  state, due_at, attempts, detail, requests, created_at, updated_at,
                                                  language)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, 1, now(), now(), ?11)
                        on conflict (migration_id, kind, recipient, appointment) do update
                            set requests = notification.requests + 1, updated_at = now()
                        returning (xmax = 0)""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, migrationId)
                .setParameter(3, kind.name())
                .setParameter(4, recipient)
                .setParameter(5, appointment)
                .setParameter(6, cause)
                .setParameter(7, CloudEventCodec.toJson(notice))
                .setParameter(8, state.name())
                .setParameter(9, due)
                .setParameter(10, detail)
                .setParameter(11, notice.recipient() == null ? null : Language.choose(notice.recipient().language())
                        .language().tag())
                .getSingleResult();
        return Boolean.TRUE.equals(inserted);
    }

    private KnownMigration known(UUID migrationId) {
        entityManager.createNativeQuery("""
                        insert into known_migration (migration_id, cutover_began, cancelled, updated_at)
                        values (?1, false, false, now()) on conflict (migration_id) do nothing""")
                .setParameter(1, migrationId)
                .executeUpdate();
        return KnownMigration.lock(migrationId).orElseThrow();
    }

    private static Instant instant(Object value) {
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return (Instant) value;
    }

    /** Keeps an event this service cannot act on, with why, so the operator sees it with the migration. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ignore(EventEnvelope envelope, String reason) {
        LOG.warnf("%s %s for migration %s ignored: %s", envelope.type(), envelope.id(), envelope.migrationId(), reason);
        IgnoredEvent ignored = new IgnoredEvent();
        ignored.eventId = envelope.id();
        ignored.migrationId = envelope.migrationId();
        ignored.eventType = envelope.type();
        ignored.reason = reason;
        ignored.at = Instant.now();
        ignored.persist();
    }
}
