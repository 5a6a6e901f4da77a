package io.hostmove.events.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event committed with the state change that caused it, waiting for the relay to publish it. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    /**
     * Commit order, the order the relay publishes in: numbered by the database as each row is inserted (while the
     * transaction holds its migration's lock), so a transaction's rows go out in one batch and are not read back.
     */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(nullable = false)
    public String topic;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String source;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Column(name = "causation_id")
    public UUID causationId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "sent_at")
    public Instant sentAt;
}
