package io.hostmove.transfer.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferRequest;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** A step the planner asked for, queued, running or finished. */
@Entity
@Table(name = "transfer_job")
public class TransferJob extends PanacheEntityBase {

    public enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED,
        CANCELLED
    }

    @Id
    public UUID id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public MigrationStep step;

    /** The request event; the completion names it as its cause. */
    @Column(name = "request_event_id", nullable = false)
    public UUID requestEventId;

    @Column(name = "request_type", nullable = false)
    public String requestType;

    @Column(nullable = false, columnDefinition = "text")
    public String request;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String detail;

    public TransferRequest request() {
        try {
            return (TransferRequest) CloudEventCodec.json().readValue(request, EventCatalog.classOf(requestType));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
