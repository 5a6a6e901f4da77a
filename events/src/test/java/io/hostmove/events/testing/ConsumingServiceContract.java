package io.hostmove.events.testing;

import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.Service;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service that reacts to the planner shows from its first day: it starts ready against the real
 * broker and database, and takes each request and lifecycle event once, even when it is delivered twice.
 * A service's test class extends this and names a request it consumes.
 */
public abstract class ConsumingServiceContract {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    EntityManager entityManager;

    /** A request from the planner that this service consumes. */
    protected abstract HostmoveEvent request();

    @Test
    void it_is_ready_and_takes_each_event_once() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        UUID migrationId = UUID.randomUUID();
        try (EventSender planner = new EventSender(bootstrap)) {
            HostmoveEvent request = request();
            EventEnvelope sent = planner.send(Service.PLANNER, migrationId, null, request);
            planner.resend(sent, request);
            EventEnvelope paused = planner.send(Service.PLANNER, migrationId, sent.id(),
                    new MigrationPaused("INVENTORY", "OPERATOR", "checking the old host"));

            await().atMost(Duration.ofSeconds(30)).until(() -> processed(migrationId) == 2);
            assertThat(processedIds(migrationId)).containsExactlyInAnyOrder(sent.id(), paused.id());
        }
    }

    private long processed(UUID migrationId) {
        return processedIds(migrationId).size();
    }

    private List<UUID> processedIds(UUID migrationId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("select event_id from processed_event where migration_id = ?1", UUID.class)
                .setParameter(1, migrationId).getResultList());
    }
}
