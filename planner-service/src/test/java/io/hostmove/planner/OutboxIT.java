package io.hostmove.planner;

import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.messaging.OutboxMessage;
import io.hostmove.events.testing.Broker;
import io.hostmove.events.testing.EventTap;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the broker down, state changes still commit; their events go out once it is back, once, in order. */
@QuarkusTest
class OutboxIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void events_committed_while_the_broker_is_down_are_published_once_when_it_returns() {
        UUID account = Fixtures.account();
        UUID id;
        Broker.stop();
        try {
            id = Fixtures.migration(account);
            given().contentType(ContentType.JSON).body(Map.of("reason", "checking the old host's disk"))
                    .post("/migrations/{id}/pause", id).then().statusCode(200);
            assertThat(unsent(id)).as("committed, waiting in the outbox").isEqualTo(3);
        } finally {
            Broker.start();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> unsent(id) == 0);
        try (EventTap tap = EventTap.fromBeginning(bootstrap, Topics.TRANSFER_REQUESTS, Topics.MIGRATION_LIFECYCLE)) {
            tap.await(id, MigrationPaused.class);
            assertThat(tap.count(id, InventoryRequested.class)).isEqualTo(1);
            assertThat(tap.count(id, MigrationScheduled.class)).isEqualTo(1);
            assertThat(tap.count(id, MigrationPaused.class)).isEqualTo(1);
            assertThat(tap.of(id).stream().map(r -> r.event().payload().getClass().getSimpleName())
                    .filter(name -> name.startsWith("Migration")))
                    .as("one migration's lifecycle events stay in commit order")
                    .containsExactly("MigrationScheduled", "MigrationPaused");
        }
    }

    private static long unsent(UUID migrationId) {
        return QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.count("migrationId = ?1 and sentAt is null", migrationId));
    }
}
