package io.hostmove.planner;

import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.VerificationRequested;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Finding;
import io.hostmove.events.model.TransferStats;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.events.testing.EventTap.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * A customer whose DNS is hosted elsewhere: the planner asks them (and reminds them) to change the exact records,
 * and an operator who sees the change done can confirm it by hand; the test plays the other three services.
 */
@QuarkusTest
class ExternalDnsFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final DnsRecordChange APEX = new DnsRecordChange("nordlys.example.", "nordlys.example.", "A", 300,
            "192.0.2.10", "198.51.100.20");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void the_customer_is_asked_reminded_and_the_operator_confirms_their_change() {
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_REQUESTS, Topics.DNS_REQUESTS,
                Topics.NOTIFICATION_REQUESTS, Topics.MIGRATION_LIFECYCLE);
             EventSender services = new EventSender(bootstrap)) {
            UUID id = Fixtures.migration(Fixtures.account());
            UUID inDnsSwitch = driveToDnsSwitch(tap, services, id);

            given().get("/migrations/{id}", id).then().body("allowedActions", not(hasItem("external-dns-confirmed")));
            String beforeAnyRequest = "no customer was asked to change their DNS";
            given().post("/migrations/{id}/external-dns-confirmed", id).then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString(beforeAnyRequest));

            services.send(Service.DNS, id, inDnsSwitch, new ExternalDnsChangeRequired(List.of(APEX), false));
            CustomerNoticeRequested asked = notice(tap, id, NoticeKind.ACTION_REQUIRED);
            assertThat(asked.dnsChanges()).containsExactly(APEX);
            assertThat(asked.recipient().language()).isEqualTo("nb");

            services.send(Service.DNS, id, inDnsSwitch, new ExternalDnsChangeRequired(List.of(APEX), true));
            assertThat(notice(tap, id, NoticeKind.ACTION_REMINDER).dnsChanges()).containsExactly(APEX);
            given().get("/migrations/{id}", id).then().statusCode(200).body("phase", equalTo("DNS_SWITCH"))
                    .body("allowedActions", hasItem("external-dns-confirmed"));

            given().post("/migrations/{id}/external-dns-confirmed", id).then().statusCode(200)
                    .body("phase", equalTo("VERIFICATION"));
            tap.await(id, VerificationRequested.class);
            assertThat(tap.await(id, MigrationAdvanced.class, a -> "DNS_SWITCH".equals(a.fromPhase()), PATIENCE)
                    .payload(MigrationAdvanced.class).toPhase()).isEqualTo("VERIFICATION");

            given().post("/migrations/{id}/external-dns-confirmed", id).then().statusCode(409)
                    .body("currentPhase", equalTo("VERIFICATION"));
        }
    }

    @Test
    void the_appointment_cannot_move_before_the_old_ttl_has_expired_and_a_late_ttl_pauses() {
        try (EventTap tap = EventTap.from(bootstrap, Topics.DNS_REQUESTS, Topics.TRANSFER_REQUESTS);
             EventSender services = new EventSender(bootstrap)) {
            UUID id = Fixtures.migration(Fixtures.account());
            services.send(Service.TRANSFER, id, requestId(tap, id, InventoryRequested.class),
                    new InventoryCompleted(10, 1_000, 0, 0, 0, List.of()));
            Finding outside = new Finding(Finding.Severity.WARNING, "dns-target-outside-zone", "nordlys.example. MX",
                    "it points to mx.elsewhere.example., which is outside the zone and still resolves to the old host");
            services.send(Service.DNS, id, requestId(tap, id, DnsInspectionRequested.class),
                    new DnsInspectionCompleted(List.of(APEX), List.of(), 3_600, List.of(outside)));
            UUID preparing = requestId(tap, id, TtlPreparationRequested.class);
            // A warning is shown, and the migration goes on.
            given().get("/migrations/{id}", id).then().statusCode(200).body("phase", equalTo("TTL_PREPARATION"))
                    .body("pause", org.hamcrest.Matchers.nullValue())
                    .body("findings.code", hasItem("dns-target-outside-zone"));

            // While the TTL is being lowered the old one (1 h) must still expire before the appointment.
            given().contentType(ContentType.JSON)
                    .body(Map.of("cutoverAt", OffsetDateTime.now().plusMinutes(30).toString()))
                    .post("/migrations/{id}/reschedule", id).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("cutoverAt"))
                    .body("errors[0].message", containsString("old TTL"));

            // The dns-service answers that the old TTL expires only after the appointment: a person must look.
            Instant appointment = Instant.parse(given().get("/migrations/{id}", id).then().extract().path("cutoverAt"));
            Instant late = appointment.plus(Duration.ofHours(1));
            services.send(Service.DNS, id, preparing, new TtlLowered(300, late));
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/migrations/{id}", id).then()
                    .body("pause.cause", equalTo("BLOCKING_FINDINGS"))
                    .body("pause.reason", containsString("Reschedule the cut-over to after " + late)));

            given().contentType(ContentType.JSON)
                    .body(Map.of("cutoverAt", late.minusSeconds(60).toString()))
                    .post("/migrations/{id}/reschedule", id).then().statusCode(400)
                    .body("errors[0].field", equalTo("cutoverAt"));
            given().contentType(ContentType.JSON)
                    .body(Map.of("cutoverAt", late.plusSeconds(3_600).toString()))
                    .post("/migrations/{id}/reschedule", id).then().statusCode(200);
            given().post("/migrations/{id}/resume", id).then().statusCode(200).body("phase", equalTo("PRE_COPY"));
            tap.await(id, PreCopyRequested.class);
        }
    }

    /** Answers every step up to the DNS switch as the services would; returns the switch request's event id. */
    private static UUID driveToDnsSwitch(EventTap tap, EventSender services, UUID id) {
        TransferStats stats = new TransferStats(10, 1_000, 0, 1);
        services.send(Service.TRANSFER, id, requestId(tap, id, InventoryRequested.class),
                new InventoryCompleted(10, 1_000, 0, 0, 0, List.of()));
        services.send(Service.DNS, id, requestId(tap, id, DnsInspectionRequested.class),
                new DnsInspectionCompleted(List.of(APEX), List.of("nordlys.example"), 300, List.of()));
        services.send(Service.DNS, id, requestId(tap, id, TtlPreparationRequested.class),
                new TtlLowered(60, Instant.now()));
        services.send(Service.TRANSFER, id, requestId(tap, id, PreCopyRequested.class), new PreCopyCompleted(stats));
        tap.await(id, MigrationAdvanced.class, a -> "AWAITING_CUTOVER".equals(a.toPhase()), PATIENCE);
        given().contentType(ContentType.JSON)
                .body(Map.of("cutoverAt", OffsetDateTime.now().plusSeconds(2).toString()))
                .post("/migrations/{id}/reschedule", id).then().statusCode(200);
        services.send(Service.TRANSFER, id, requestId(tap, id, CutoverRequested.class),
                new CutoverCompleted(4_000, stats, List.of()));
        return requestId(tap, id, DnsSwitchRequested.class);
    }

    private static UUID requestId(EventTap tap, UUID id, Class<? extends HostmoveEvent> type) {
        return tap.await(id, type).event().envelope().id();
    }

    private static CustomerNoticeRequested notice(EventTap tap, UUID id, NoticeKind kind) {
        Received received = tap.await(id, CustomerNoticeRequested.class, n -> n.kind() == kind, PATIENCE);
        return received.payload(CustomerNoticeRequested.class);
    }
}
