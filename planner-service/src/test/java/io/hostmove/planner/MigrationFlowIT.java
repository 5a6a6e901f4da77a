package io.hostmove.planner;

import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationScheduled;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.model.Finding;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.events.testing.EventTap.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

/** The planner against a real broker and PostgreSQL, with the test playing the transfer and DNS services. */
@QuarkusTest
class MigrationFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void a_migration_advances_on_completions_once_pauses_on_failure_and_resumes_its_step() {
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_REQUESTS, Topics.DNS_REQUESTS,
                Topics.MIGRATION_LIFECYCLE);
             EventSender services = new EventSender(bootstrap)) {
            UUID accountId = Fixtures.account();
            UUID id = Fixtures.migration(accountId);

            Received inventory = tap.await(id, InventoryRequested.class);
            assertThat(inventory.record().key()).isEqualTo(id.toString());
            assertThat(inventory.header("ce_specversion")).isEqualTo("1.0");
            assertThat(inventory.header("ce_type")).isEqualTo("io.hostmove.InventoryRequested");
            assertThat(inventory.header("ce_source")).isEqualTo("/hostmove/planner-service");
            assertThat(inventory.header("ce_migrationid")).isEqualTo(id.toString());
            assertThat(inventory.header("ce_schemaversion")).isEqualTo("1");
            assertThat(inventory.header("content-type")).isEqualTo("application/json");
            assertThat(Instant.parse(inventory.header("ce_time"))).isBefore(Instant.now());
            assertThat(UUID.fromString(inventory.header("ce_id"))).isNotNull();
            assertThat(inventory.header("ce_causationid")).as("an operator created it, no event did").isNull();
            assertThat(inventory.payload(InventoryRequested.class).account().accountId()).isEqualTo(accountId);
            assertThat(inventory.payload(InventoryRequested.class).account().systemUser()).isEqualTo("nordlys");
            assertThat(tap.await(id, MigrationScheduled.class).payload(MigrationScheduled.class).accountId())
                    .isEqualTo(accountId);
            assertThat(Fixtures.phase(id)).isEqualTo("INVENTORY");

            InventoryCompleted completed = new InventoryCompleted(120, 48_000_000, 3_000_000_000L, 512, 90_000_000,
                    List.of(new Finding(Finding.Severity.WARNING, "php-version-lower", "nordlys.example",
                            "the new host runs PHP 8.2, the site was tested on 8.1")));
            EventEnvelope sent = services.send(Service.TRANSFER, id, inventory.event().envelope().id(), completed);

            Received inspection = tap.await(id, DnsInspectionRequested.class);
            assertThat(inspection.event().envelope().causationId()).isEqualTo(sent.id());
            assertThat(inspection.payload(DnsInspectionRequested.class).target().domains())
                    .containsExactly("nordlys.example", "www.nordlys.example");
            JsonPath afterInventory = migration(id);
            assertThat(afterInventory.getString("phase")).isEqualTo("DNS_INSPECTION");
            assertThat(afterInventory.getInt("expectedDowntimeMinutes")).as("2 min overhead + 3 GB at 50 MB/s")
                    .isEqualTo(3);

            // The same event again, then a marker behind it on the same partition: once the marker is in, so is the copy.
            services.resend(sent, completed);
            EventEnvelope marker = services.send(Service.TRANSFER, id, null,
                    new TransferProgressed(MigrationStep.INVENTORY, 1, 1, 1, 1, 0));
            await().atMost(PATIENCE).until(() -> eventIds(id).contains(marker.id().toString()));
            assertThat(eventIds(id).stream().filter(sent.id().toString()::equals)).hasSize(1);
            assertThat(tap.count(id, DnsInspectionRequested.class)).isEqualTo(1);
            assertThat(Fixtures.phase(id)).isEqualTo("DNS_INSPECTION");

            // The list shows what is moving and each email the notification service confirmed, once.
            CustomerNotified announced = new CustomerNotified(NoticeKind.ANNOUNCEMENT, "<announce@hostmove.test>");
            EventEnvelope notified = services.send(Service.NOTIFICATION, id, null, announced);
            services.resend(notified, announced);
            await().atMost(PATIENCE).until(() -> eventIds(id).contains(notified.id().toString()));
            Map<String, Object> summary = summary(id);
            assertThat(summary).containsEntry("phase", "DNS_INSPECTION").containsEntry("emailsSent", 1)
                    .containsEntry("waitingForCustomerDns", false);
            assertThat(summary.get("downtimeMillis")).as("no cut-over yet").isNull();
            assertThat(summary.get("progress")).asString().contains("bytesDone=1");

            String reason = "update refused by ns1: TSIG key hostmove-update is not known to the server";
            services.send(Service.DNS, id, inspection.event().envelope().id(),
                    new DnsStepFailed(MigrationStep.DNS_INSPECTION, reason));
            assertThat(tap.await(id, MigrationPaused.class, p -> reason.equals(p.reason()), PATIENCE)
                    .payload(MigrationPaused.class).cause()).isEqualTo("FAILURE");
            JsonPath paused = migration(id);
            assertThat(paused.getString("phase")).isEqualTo("DNS_INSPECTION");
            assertThat(paused.getString("pause.cause")).isEqualTo("FAILURE");
            assertThat(paused.getString("pause.reason")).isEqualTo(reason);
            assertThat(paused.getList("allowedActions")).contains("resume", "retry", "cancel").doesNotContain("pause");
            assertThat(summary(id).get("pause")).asString().contains(reason);

            given().post("/migrations/{id}/resume", id).then().statusCode(200).body("pause", nullValue());
            await().atMost(PATIENCE).until(() -> tap.count(id, DnsInspectionRequested.class) == 2);

            List<Map<String, Object>> runs = migration(id).getList("phases");
            assertThat(runs).extracting(run -> run.get("phase") + ":" + run.get("result"))
                    .containsExactly("INVENTORY:COMPLETED", "DNS_INSPECTION:FAILED", "DNS_INSPECTION:null");
            assertThat(runs.get(1).get("detail")).isEqualTo(reason);
        }
    }

    private static JsonPath migration(UUID id) {
        return given().get("/migrations/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** The migration as {@code GET /migrations} lists it. */
    private static Map<String, Object> summary(UUID id) {
        List<Map<String, Object>> all = given().get("/migrations").then().statusCode(200).extract().jsonPath()
                .getList("$");
        return all.stream().filter(m -> id.toString().equals(m.get("id"))).findFirst().orElseThrow();
    }

    private static List<String> eventIds(UUID id) {
        return migration(id).getList("events.findAll { it.direction == 'IN' }.eventId");
    }
}
