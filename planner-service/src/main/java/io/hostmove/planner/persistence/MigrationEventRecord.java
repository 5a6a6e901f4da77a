package io.hostmove.planner.persistence;

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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** An event that reached the planner for a migration or left it, and what it did. */
@Entity
@Table(name = "migration_event")
public class MigrationEventRecord extends PanacheEntityBase {

    public enum Direction {
        IN,
        OUT
    }

    /** Taken from the database in blocks of 50, so that a transaction's rows are inserted in one batch. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "migration-event-ids")
    @SequenceGenerator(name = "migration-event-ids", sequenceName = "migration_event_id_seq", allocationSize = 50)
    public Long id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    public Direction direction;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "causation_id")
    public UUID causationId;

    @Column(nullable = false)
    public Instant at;

    /** For IN: what it changed, or why it changed nothing. For OUT: published. */
    @Column(nullable = false)
    public String outcome;

    // Ids come in blocks per planner instance, so time orders a migration's events (its changes take turns on its lock).
    public static List<MigrationEventRecord> of(UUID migrationId) {
        return list("migrationId = ?1 order by at, id", migrationId);
    }

    /** How many events of {@code eventType} each migration received, by migration id (none: absent). */
    public static Map<UUID, Long> countReceived(String eventType) {
        return getEntityManager().createQuery("select e.migrationId, count(e) from MigrationEventRecord e"
                        + " where e.direction = :in and e.eventType = :type group by e.migrationId", Object[].class)
                .setParameter("in", Direction.IN)
                .setParameter("type", eventType)
                .getResultStream()
                .collect(Collectors.toMap(row -> (UUID) row[0], row -> (Long) row[1]));
    }
}
