package io.hostmove.planner;

import io.hostmove.events.Topics;
import io.hostmove.events.messaging.MessagingRetention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sent events and processed-event records past their retention go; unsent events, recent records and records of
 * events a topic may still deliver stay.
 */
@QuarkusTest
class MessagingRetentionIT {

    @Inject
    MessagingRetention retention;

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

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

        // The test broker keeps events 7 days in segments of 7 days: 14 days, within the 30 configured.
        assertThat(purged.processedKept()).contains(Duration.ofDays(30));
        assertThat(purged.sentEvents()).isGreaterThanOrEqualTo(1);
        assertThat(purged.processedEvents()).isGreaterThanOrEqualTo(1);
        assertThat(ids("select event_id from outbox_message where migration_id = ?1", migration))
                .containsExactlyInAnyOrder(sentYesterday, neverSent).doesNotContain(sentLongAgo);
        assertThat(ids("select event_id from processed_event where migration_id = ?1", migration))
                .containsExactly(processedLastWeek).doesNotContain(processedLongAgo);
    }

    @Test
    void a_topic_that_keeps_events_longer_keeps_their_processed_records_as_long() throws Exception {
        UUID migration = UUID.randomUUID();
        UUID processedFortyDaysAgo = processed(migration, "now() - interval '40 days'");
        UUID processedLongBefore = processed(migration, "now() - interval '80 days'");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRANSFER_RESULTS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // 60 days of retention plus the broker's default 7-day segments: an event may be delivered for 67 days.
            alter(admin, topic, new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(Duration.ofDays(60).toMillis())), AlterConfigOp.OpType.SET));
            try {
                MessagingRetention.Purged purged = retention.purge();

                assertThat(purged.processedKept()).contains(Duration.ofDays(67));
                assertThat(ids("select event_id from processed_event where migration_id = ?1", migration))
                        .containsExactly(processedFortyDaysAgo).doesNotContain(processedLongBefore);
            } finally {
                alter(admin, topic, new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, ""),
                        AlterConfigOp.OpType.DELETE));
            }
        }
    }

    private static void alter(Admin admin, ConfigResource topic, AlterConfigOp op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(15, TimeUnit.SECONDS);
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
