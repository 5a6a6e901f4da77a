package io.hostmove.transfer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One file copy of a migration, with the way it went (direct or relay) and why. */
@Entity
@Table(name = "file_pass")
public class FilePass extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    /** What the copy was for, e.g. {@code PRE_COPY}, {@code CUTOVER}, {@code MAIL_CATCH_UP}, {@code SYNC_BACK}. */
    @Column(nullable = false)
    public String work;

    /** {@code DIRECT} or {@code RELAY}. */
    @Column(nullable = false)
    public String route;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public long files;

    @Column(nullable = false)
    public long bytes;

    @Column(nullable = false)
    public long deleted;

    @Column(nullable = false)
    public long millis;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    public static void record(FilePass pass) {
        QuarkusTransaction.requiringNew().run(pass::persist);
    }

    /** When the migration's latest copy finished, if it went direct; null when it went by relay or there is none. */
    public static Instant lastDirect(UUID migrationId) {
        FilePass last = QuarkusTransaction.requiringNew().call(() -> FilePass.<FilePass>find(
                "migrationId = ?1 order by id desc", migrationId).firstResult());
        return last != null && "DIRECT".equals(last.route) ? last.finishedAt : null;
    }
}
