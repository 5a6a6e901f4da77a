package io.hostmove.notification.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An event this service received but could not act on, and why; listed with the migration's emails. */
@Entity
@Table(name = "ignored_event")
public class IgnoredEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false, columnDefinition = "text")
    public String reason;

    @Column(nullable = false)
    public Instant at;

    public static List<IgnoredEvent> ofMigration(UUID migrationId) {
        return list("migrationId = ?1 order by at", migrationId);
    }
}
