package io.hostmove.planner.persistence;

import io.hostmove.planner.Phase;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One run of one phase of a migration: when it started and ended, what started and ended it, how it went. */
@Entity
@Table(name = "phase_run")
public class PhaseRun extends PanacheEntityBase {

    /** Taken from the database in blocks of 50, so that a transaction's rows are inserted in one batch. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "phase-run-ids")
    @SequenceGenerator(name = "phase-run-ids", sequenceName = "phase_run_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Phase phase;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    /** The event id, or {@code operator}/{@code timer}, that started the run. */
    @Column(name = "started_by", nullable = false)
    public String startedBy;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "ended_by")
    public String endedBy;

    /** COMPLETED, FAILED, PAUSED, CANCELLED or ROLLED_BACK; null while it runs. */
    public String result;

    public String detail;

    // Ids come in blocks per planner instance, so time orders a migration's runs (its changes take turns on its lock).
    public static List<PhaseRun> of(UUID migrationId) {
        return list("migrationId = ?1 order by startedAt, id", migrationId);
    }

    public static Optional<PhaseRun> latest(UUID migrationId) {
        return find("migrationId = ?1 order by startedAt desc, id desc", migrationId).firstResultOptional();
    }

    /**
     * Ends the migration's open run, if it has one, without loading it.
     *
     * @return whether there was one
     */
    public static boolean endOpen(UUID migrationId, String result, String detail, String endedBy, Instant now) {
        return update("endedAt = ?1, endedBy = ?2, result = ?3, detail = ?4 where migrationId = ?5 and endedAt is null",
                now, endedBy, result, detail, migrationId) > 0;
    }
}
