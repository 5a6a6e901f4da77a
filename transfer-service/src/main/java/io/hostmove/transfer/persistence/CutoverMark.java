package io.hostmove.transfer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** When a cut-over finished, by each host's own clock; a sync-back copies what changed on the new host since. */
@Entity
@Table(name = "cutover_mark")
public class CutoverMark extends PanacheEntityBase {

    @Id
    @Column(name = "migration_id")
    public UUID migrationId;

    /** Seconds since the epoch on the old host. */
    @Column(name = "old_clock", nullable = false)
    public BigDecimal oldClock;

    /** Seconds since the epoch on the new host. */
    @Column(name = "new_clock", nullable = false)
    public BigDecimal newClock;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** Set while a sync-back overwrites the old side: until it completes, the old side holds a partial copy. */
    @Column(name = "sync_back_started_at")
    public Instant syncBackStartedAt;

    /** Records (or replaces, for a repeated cut-over) the moment the cut-over finished. */
    public static void record(UUID migrationId, BigDecimal oldClock, BigDecimal newClock) {
        QuarkusTransaction.requiringNew().run(() -> {
            CutoverMark mark = CutoverMark.<CutoverMark>findByIdOptional(migrationId).orElseGet(() -> {
                CutoverMark fresh = new CutoverMark();
                fresh.migrationId = migrationId;
                return fresh;
            });
            mark.oldClock = oldClock;
            mark.newClock = newClock;
            mark.finishedAt = Instant.now();
            mark.persist();
        });
    }

    public static Optional<CutoverMark> of(UUID migrationId) {
        return QuarkusTransaction.requiringNew().call(() -> findByIdOptional(migrationId));
    }

    /** Notes that a sync-back starts or (null) completed overwriting the old side. */
    public static void syncBack(UUID migrationId, Instant startedAt) {
        QuarkusTransaction.requiringNew().run(() ->
                update("syncBackStartedAt = ?1 where migrationId = ?2", startedAt, migrationId));
    }
}
