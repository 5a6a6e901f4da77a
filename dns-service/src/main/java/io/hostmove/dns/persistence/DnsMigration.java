package io.hostmove.dns.persistence;

import io.hostmove.dns.DnsPlan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.UUID;

/** A migration as the dns-service knows it: the inspected plan and what has been done with it. */
@Entity
@Table(name = "dns_migration")
public class DnsMigration extends PanacheEntityBase {

    @Id
    @Column(name = "migration_id")
    public UUID migrationId;

    // JSON columns hold records that are replaced, never changed in place (immutable values): no JSON round trip
    // to snapshot them at every load, no deep comparison at every flush.
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public DnsPlan plan;

    @Column(name = "inspected_at", nullable = false)
    public Instant inspectedAt;

    /** Someone changed the records since the inspection: the next step reads them again first. */
    @Column(nullable = false)
    public boolean stale;

    @Column(name = "ttl_lowered_at")
    public Instant ttlLoweredAt;

    /** When caches can no longer hold the records with their old TTL. */
    @Column(name = "ttl_effective_at")
    public Instant ttlEffectiveAt;

    @Column(name = "switched_at")
    public Instant switchedAt;

    @Column(name = "rolled_back_at")
    public Instant rolledBackAt;

    /** When the customer was first asked to change their records (so they are asked once). */
    @Column(name = "external_notified_at")
    public Instant externalNotifiedAt;

    @Column(name = "external_reminded_at")
    public Instant externalRemindedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static DnsMigration lock(UUID migrationId) {
        return getEntityManager().find(DnsMigration.class, migrationId,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
}
