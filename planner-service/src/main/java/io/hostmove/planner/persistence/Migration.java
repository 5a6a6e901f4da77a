package io.hostmove.planner.persistence;

import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.planner.MigrationState;
import io.hostmove.planner.PauseCause;
import io.hostmove.planner.Phase;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The migration of one hosting account: its state and what the services reported on the way. */
@Entity
@Table(name = "migration")
// A transition changes a few columns: only those are written, not every JSON document the migration holds.
@DynamicUpdate
public class Migration extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    public HostingAccount account;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Phase phase;

    @Enumerated(EnumType.STRING)
    @Column(name = "pause_cause")
    public PauseCause pauseCause;

    @Column(name = "pause_reason")
    public String pauseReason;

    @Column(name = "pause_step_done", nullable = false)
    public boolean pauseStepDone;

    /** The operator's choice for the rollback: copy back what changed on the new side since the cut-over. */
    @Column(name = "rollback_sync_back", nullable = false)
    public boolean rollbackSyncBack;

    @Column(name = "cutover_at", nullable = false)
    public Instant cutoverAt;

    @Column(name = "aftercare_ends_at")
    public Instant aftercareEndsAt;

    @Column(name = "expected_downtime_minutes", nullable = false)
    public int expectedDowntimeMinutes;

    // JSON columns hold records that are replaced, never changed in place (immutable values): no JSON round trip
    // to snapshot them at every load, no deep comparison at every flush.
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public InventoryCompleted inventory;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "dns_plan")
    public DnsInspectionCompleted dnsPlan;

    /** When the old, longer TTL of the records that change has expired everywhere; null before TTL preparation. */
    @Column(name = "ttl_effective_at")
    public Instant ttlEffectiveAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "dns_switch")
    public DnsSwitchCompleted dnsSwitch;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "customer_dns_changes")
    public List<DnsRecordChange> customerDnsChanges;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "cutover_result")
    public CutoverCompleted cutoverResult;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public TransferProgressed progress;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Loads the migration and locks it until the transaction ends, so one input at a time changes it. */
    public static Optional<Migration> lock(UUID id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }

    public MigrationState state() {
        return pauseCause == null
                ? MigrationState.running(phase)
                : MigrationState.paused(phase, pauseCause, pauseReason, pauseStepDone);
    }

    public void apply(MigrationState next, Instant now) {
        phase = next.phase();
        pauseCause = next.isPaused() ? next.pause().cause() : null;
        pauseReason = next.isPaused() ? next.pause().reason() : null;
        pauseStepDone = next.isPaused() && next.pause().stepDone();
        updatedAt = now;
    }
}
