package io.hostmove.events.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event committed with the state change that caused it, waiting for the relay to publish it. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    /** Commit order; the relay publishes in this order. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

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
