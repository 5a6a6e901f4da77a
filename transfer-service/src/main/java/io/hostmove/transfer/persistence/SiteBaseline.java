package io.hostmove.transfer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a site answered on the old host just before maintenance. */
@Entity
@Table(name = "site_baseline")
public class SiteBaseline extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "migration_id") UUID migrationId, String domain) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    public int status;

    public String title;

    @Column(name = "body_sha256", nullable = false)
    public String bodySha256;

    @Column(name = "taken_at", nullable = false)
    public Instant takenAt;

    /** Replaces the migration's baselines (a repeated cut-over takes them again). */
    public static void record(UUID migrationId, List<SiteBaseline> baselines) {
        QuarkusTransaction.requiringNew().run(() -> {
            delete("key.migrationId", migrationId);
            baselines.forEach(baseline -> baseline.persist());
        });
    }

    public static List<SiteBaseline> of(UUID migrationId) {
        return QuarkusTransaction.requiringNew().call(() -> list("key.migrationId", migrationId));
    }
}
