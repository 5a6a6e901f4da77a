package io.hostmove.planner;

import io.hostmove.events.messaging.MessagingRetention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sent events and processed-event records past their retention go; unsent events and recent records stay. */
@QuarkusTest
class MessagingRetentionIT {

    @Inject
    MessagingRetention retention;

    @Inject
    EntityManager entityManager;

    @Test
    void only_what_is_past_its_retention_is_deleted() throws Exception {
        UUID migration = UUID.randomUUID();
        // Defaults: sent events are kept 7 days, processed-event records 30 days.
        UUID sentLongAgo = outbox(migration, "now() - interval '8 days'");
        UUID sentYesterday = outbox(migration, "now() - interval '1 day'");
        UUID neverSent = outbox(migration, "null");
        UUID processedLongAgo = processed(migration, "now() - interval '31 days'");
        UUID processedLastWeek = processed(migration, "now() - interval '8 days'");

        MessagingRetention.Purged purged = retention.purge();

        assertThat(purged.sentEvents()).isGreaterThanOrEqualTo(1);
        assertThat(purged.processedEvents()).isGreaterThanOrEqualTo(1);
        assertThat(ids("select event_id from outbox_message where migration_id = ?1", migration))
                .containsExactlyInAnyOrder(sentYesterday, neverSent).doesNotContain(sentLongAgo);
        assertThat(ids("select event_id from processed_event where migration_id = ?1", migration))
                .containsExactly(processedLastWeek).doesNotContain(processedLongAgo);
    }

    private UUID outbox(UUID migration, String sentAt) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into outbox_message (event_id, topic, event_type, source, migration_id, occurred_at,
                            schema_version, payload, sent_at)
                        values (?1, 'hostmove.migration.lifecycle', 'io.hostmove.MigrationPaused', 'planner-service',
                                ?2, now(), 1, '{}', %s)""".formatted(sentAt))
                .setParameter(1, id).setParameter(2, migration).executeUpdate());
        return id;
    }

    private UUID processed(UUID migration, String processedAt) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into processed_event (event_id, event_type, source, migration_id, processed_at)
                        values (?1, 'io.hostmove.TransferCompleted', 'transfer-service', ?2, %s)"""
                        .formatted(processedAt))
                .setParameter(1, id).setParameter(2, migration).executeUpdate());
        return id;
    }

    private List<UUID> ids(String sql, UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(sql, UUID.class)
                .setParameter(1, migration).getResultList());
    }
}
