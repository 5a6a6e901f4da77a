package io.hostmove.dns.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DnsRequest;
import io.hostmove.events.MigrationStep;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** A step the planner asked for, or a follow-up the service scheduled, queued, running or finished. */
@Entity
@Table(name = "dns_job")
public class DnsJob extends PanacheEntityBase {

    public enum Kind {
        INSPECT,
        PREPARE_TTL,
        SWITCH,
        ROLLBACK,
        /** Gives the records their original TTL back; scheduled after a switch, a rollback or a cancellation. */
        RESTORE_TTL
    }

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
    public Kind kind;

    /** The step a failure is reported for; null for follow-ups that report nothing. */
    @Enumerated(EnumType.STRING)
    public MigrationStep step;

    /** The request event; what the job publishes names it as its cause. */
    @Column(name = "request_event_id")
    public UUID requestEventId;

    /** The request's JSON (a follow-up keeps what it needs in {@link #progress}). */
    @Column(columnDefinition = "text")
    public String request;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** Where a multi-tick job is: APPLY, VERIFY or EXTERNAL. */
    @Column(nullable = false)
    public String stage;

    @Column(name = "run_at", nullable = false)
    public Instant runAt;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    // JSON columns hold records that are replaced, never changed in place (immutable values): no JSON round trip
    // to snapshot them at every load, no deep comparison at every flush.
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public JobProgress progress;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String detail;

    public DnsRequest request() {
        if (request == null) {
            return null;
        }
        try {
            return CloudEventCodec.json().readValue(request, requestClass());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Class<? extends DnsRequest> requestClass() {
        return switch (kind) {
            case INSPECT -> DnsRequest.DnsInspectionRequested.class;
            case PREPARE_TTL -> DnsRequest.TtlPreparationRequested.class;
            case SWITCH -> DnsRequest.DnsSwitchRequested.class;
            case ROLLBACK -> DnsRequest.DnsRollbackRequested.class;
            case RESTORE_TTL -> throw new IllegalStateException("a TTL restore has no request");
        };
    }
}
