package io.hostmove.dns.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One RRset the service changed on our primary: what it held before and after. */
@Entity
@Table(name = "dns_audit")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Column(name = "job_id")
    public UUID jobId;

    /** TTL_PREPARATION, DNS_SWITCH, DNS_ROLLBACK or TTL_RESTORE. */
    @Column(nullable = false)
    public String purpose;

    @Column(nullable = false)
    public String zone;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type;

    @Column(name = "before_ttl", nullable = false)
    public long beforeTtl;

    // JSON columns hold records that are replaced, never changed in place (immutable values): no JSON round trip
    // to snapshot them at every load, no deep comparison at every flush.
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "before_data", nullable = false)
    public List<String> beforeData;

    @Column(name = "after_ttl", nullable = false)
    public long afterTtl;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(name = "after_data", nullable = false)
    public List<String> afterData;

    /** The primary the update went to. */
    @Column(nullable = false)
    public String server;

    /** The zone's serial on the primary right after the update. */
    @Column(nullable = false)
    public long serial;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}
