package io.hostmove.notification.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What this service knows of a migration, from its lifecycle events and its notices. */
@Entity
@Table(name = "known_migration")
public class KnownMigration extends PanacheEntityBase {

    @Id
    @Column(name = "migration_id")
    public UUID migrationId;

    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "customer_ref")
    public String customerRef;

    @Column(name = "cutover_at")
    public Instant cutoverAt;

    /** When the fact that set {@link #cutoverAt} happened; an older fact arriving late does not override it. */
    @Column(name = "cutover_as_of")
    public Instant cutoverAsOf;

    public String phase;

    @Column(name = "cutover_began", nullable = false)
    public boolean cutoverBegan;

    @Column(nullable = false)
    public boolean cancelled;

    /** The latest notice for it (scrubbed JSON): the customer, the domains, the records, for previews. */
    @Column(name = "last_notice", columnDefinition = "text")
    public String lastNotice;

    /** The latest announcement (scrubbed JSON): what the reminder says. */
    @Column(columnDefinition = "text")
    public String announcement;

    @Column(name = "announcement_event_id")
    public UUID announcementEventId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The row, locked for this transaction, so that concurrent events for one migration apply one after the other. */
    public static Optional<KnownMigration> lock(UUID migrationId) {
        return find("migrationId", migrationId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Takes {@code at} as the appointment if the fact saying so is newer than the one that set the current one. */
    public boolean learnCutover(Instant at, Instant asOf) {
        if (at == null || (cutoverAsOf != null && asOf.isBefore(cutoverAsOf))) {
            return false;
        }
        boolean changed = !at.equals(cutoverAt);
        cutoverAt = at;
        cutoverAsOf = asOf;
        return changed;
    }

    public Optional<CustomerNoticeRequested> lastNotice() {
        return Optional.ofNullable(lastNotice).map(KnownMigration::read);
    }

    public Optional<CustomerNoticeRequested> announcement() {
        return Optional.ofNullable(announcement).map(KnownMigration::read);
    }

    private static CustomerNoticeRequested read(String json) {
        try {
            return CloudEventCodec.json().readValue(json, CustomerNoticeRequested.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
