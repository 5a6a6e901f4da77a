package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsRollbackRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsRollbackCompleted;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Finding;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.hostmove.dns.DnsTopology.NEW;
import static io.hostmove.dns.DnsTopology.NS1;
import static io.hostmove.dns.DnsTopology.NS2;
import static io.hostmove.dns.DnsTopology.OLD;
import static io.hostmove.dns.DnsTopology.PROVIDER;
import static io.hostmove.dns.DnsTopology.SITE;
import static io.hostmove.dns.DnsTopology.values;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A migration driven through Kafka, against the real BIND topology: inspect, prepare, switch, verify, roll back. */
@QuarkusTest
class DnsFlowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void our_zone_switches_on_every_server_the_customer_zone_is_watched_and_a_rollback_puts_it_all_back()
            throws Exception {
        String ours = DnsTopology.uniqueZone("flow");
        String theirs = DnsTopology.uniqueZone("flow-ext");
        DnsTopology.addZone(ours, "ours", SITE + """
                @     120 IN A     192.0.2.44
                ftp   120 IN A     192.0.2.99
                other 120 IN A     127.0.0.2
                """);
        DnsTopology.addZone(theirs, "external", SITE);
        List<String> zoneBefore = DnsTopology.zoneOnPrimary(ours);
        DnsTarget target = new DnsTarget(List.of(ours, "www." + ours, theirs, "www." + theirs), OLD, null, NEW, null);
        UUID migration = UUID.randomUUID();

        try (EventTap tap = EventTap.from(bootstrap, Topics.DNS_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            // Inspection: the records that point at the old host, in both zones, record by record.
            DnsInspectionCompleted inspected = inspect(tap, planner, migration, target);
            assertThat(inspected.plannedChanges()).extracting(DnsRecordChange::name, DnsRecordChange::type,
                    DnsRecordChange::oldValue, DnsRecordChange::newValue).containsExactlyInAnyOrder(
                    change(ours + ".", "A", OLD, NEW), change("mail." + ours + ".", "A", OLD, NEW),
                    change(ours + ".", "TXT", "v=spf1 ip4:127.0.0.2 mx -all", "v=spf1 ip4:127.0.0.3 mx -all"),
                    change(theirs + ".", "A", OLD, NEW), change("mail." + theirs + ".", "A", OLD, NEW),
                    change(theirs + ".", "TXT", "v=spf1 ip4:127.0.0.2 mx -all", "v=spf1 ip4:127.0.0.3 mx -all"));
            assertThat(inspected.externalDomains()).containsExactly(theirs, "www." + theirs);
            assertThat(inspected.longestTtlSeconds()).isEqualTo(120);

            // Preparation: the TTL of exactly the records that will change drops on both of our servers.
            Instant prepared = Instant.now();
            planner.send(Service.PLANNER, migration, null,
                    new TtlPreparationRequested(target, Instant.now().plus(Duration.ofHours(2))));
            TtlLowered lowered = tap.await(migration, TtlLowered.class, any -> true, PATIENCE).payload(TtlLowered.class);
            assertThat(lowered.ttlSeconds()).isEqualTo(30);
            assertThat(lowered.effectiveAt()).isAfterOrEqualTo(prepared.plusSeconds(120));
            for (String server : List.of(NS1, NS2)) {
                assertThat(DnsTopology.ttl(server, ours, "A")).isEqualTo(30);
                assertThat(DnsTopology.ttl(server, "mail." + ours, "A")).isEqualTo(30);
                assertThat(DnsTopology.ttl(server, ours, "TXT")).isEqualTo(30);
                assertThat(DnsTopology.ttl(server, "ftp." + ours, "A")).as("untouched").isEqualTo(120);
            }

            // Switch: our zone at once; the customer is asked for theirs, and nothing is sent to their provider.
            EnvelopeAndRequest switchRequest = send(planner, migration, new DnsSwitchRequested(target));
            ExternalDnsChangeRequired asked = tap.await(migration, ExternalDnsChangeRequired.class, any -> true,
                    PATIENCE).payload(ExternalDnsChangeRequired.class);
            assertThat(asked.reminder()).isFalse();
            assertThat(asked.records()).extracting(DnsRecordChange::zone).containsOnly(theirs);
            assertThat(asked.records()).hasSize(3);
            await().atMost(PATIENCE).untilAsserted(() -> {
                for (String server : List.of(NS1, NS2)) {
                    assertThat(values(server, ours, "A")).containsExactly("127.0.0.3", "192.0.2.44");
                    assertThat(values(server, "mail." + ours, "A")).containsExactly(NEW);
                    assertThat(values(server, ours, "TXT")).containsExactly("\"v=spf1 ip4:127.0.0.3 mx -all\"");
                }
            });
            assertThat(values(PROVIDER, theirs, "A")).as("the customer's zone is theirs to change").containsExactly(OLD);
            assertThat(tap.count(migration, DnsSwitchCompleted.class)).as("waits for the customer").isZero();

            // The customer changes their records; the service sees it on their provider and completes.
            DnsTopology.providerUpdate(customerMoves(theirs, OLD, NEW));
            DnsSwitchCompleted switched = tap.await(migration, DnsSwitchCompleted.class, any -> true, PATIENCE)
                    .payload(DnsSwitchCompleted.class);
            assertThat(switched.changes()).hasSize(6);
            assertThat(switched.verifiedServers()).containsExactlyInAnyOrder("ns1.hostmove.example",
                    "ns2.hostmove.example", "ns.elsewhere-dns.example");
            // Timings: our primary took the update after the request, and every server served it after that.
            assertThat(switched.timings().requestedAt()).isAfterOrEqualTo(switchRequest.envelope().time());
            assertThat(switched.timings().appliedAt()).isAfterOrEqualTo(switched.timings().requestedAt());
            assertThat(switched.timings().verifiedAt()).isAfterOrEqualTo(switched.timings().appliedAt())
                    .isBeforeOrEqualTo(Instant.now());
            assertThat(nothingElseChanged(zoneBefore, DnsTopology.zoneOnPrimary(ours), ours)).isTrue();
            assertThat(values(NS2, "other." + ours, "A")).as("not one of the account's names").containsExactly(OLD);

            // After the settling period the switched records get their original TTL back, on both servers.
            await().atMost(PATIENCE).untilAsserted(() -> {
                for (String server : List.of(NS1, NS2)) {
                    assertThat(DnsTopology.ttl(server, ours, "A")).isEqualTo(120);
                    assertThat(DnsTopology.ttl(server, "mail." + ours, "A")).isEqualTo(120);
                    assertThat(DnsTopology.ttl(server, ours, "TXT")).isEqualTo(120);
                }
            });

            // A redelivered request changes nothing; a re-sent one finds the work done and changes nothing either.
            await().atMost(PATIENCE).until(() -> DnsTopology.serial(NS2, ours) == DnsTopology.serial(NS1, ours));
            long serial = DnsTopology.serial(NS1, ours);
            int audited = auditSize(migration);
            planner.resend(switchRequest.envelope(), switchRequest.request());
            planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target));
            await().atMost(PATIENCE).until(() -> tap.count(migration, DnsSwitchCompleted.class) == 2);
            assertThat(DnsTopology.serial(NS1, ours)).isEqualTo(serial);
            assertThat(auditSize(migration)).isEqualTo(audited);
            assertThat(tap.of(migration).stream().map(r -> r.event().payload())
                    .filter(e -> e instanceof ExternalDnsChangeRequired asking && !asking.reminder()))
                    .as("the customer is asked once").hasSize(1);

            // Rollback: ours goes back at once; the customer's zone must be changed back by them first.
            planner.send(Service.PLANNER, migration, null, new DnsRollbackRequested(target));
            DnsStepFailed waiting = tap.await(migration, DnsStepFailed.class, any -> true, PATIENCE)
                    .payload(DnsStepFailed.class);
            assertThat(waiting.step()).isEqualTo(MigrationStep.DNS_ROLLBACK);
            assertThat(waiting.reason()).contains("Ask the customer to change back").contains(theirs + ". A "
                    + NEW + " → " + OLD);
            for (String server : List.of(NS1, NS2)) {
                assertThat(values(server, ours, "A")).containsExactly(OLD, "192.0.2.44");
                assertThat(values(server, "mail." + ours, "A")).containsExactly(OLD);
                assertThat(values(server, ours, "TXT")).containsExactly("\"v=spf1 ip4:127.0.0.2 mx -all\"");
            }
            DnsTopology.providerUpdate(customerMoves(theirs, NEW, OLD));
            planner.send(Service.PLANNER, migration, null, new DnsRollbackRequested(target));
            DnsRollbackCompleted back = tap.await(migration, DnsRollbackCompleted.class, any -> true, PATIENCE)
                    .payload(DnsRollbackCompleted.class);
            assertThat(back.changes()).extracting(DnsRecordChange::newValue).contains(OLD);
            assertThat(back.verifiedServers()).contains("ns1.hostmove.example", "ns2.hostmove.example");
            assertThat(back.timings().appliedAt()).isAfterOrEqualTo(back.timings().requestedAt());
            assertThat(back.timings().verifiedAt()).isAfterOrEqualTo(back.timings().appliedAt());

            assertThat(DnsTopology.zoneOnPrimary(ours)).as("back exactly as it was").isEqualTo(zoneBefore);
        }

        // The audit shows every RRset changed, before and after.
        given().get("/migrations/" + migration + "/audit").then().statusCode(200)
                .body("findAll { it.purpose == 'DNS_SWITCH' }.size()", equalTo(3))
                .body("findAll { it.purpose == 'DNS_ROLLBACK' }.size()", equalTo(3))
                .body("findAll { it.purpose == 'TTL_PREPARATION' }.size()", equalTo(3))
                .body("findAll { it.purpose == 'TTL_RESTORE' }.size()", equalTo(3))
                .body("find { it.purpose == 'DNS_SWITCH' && it.name == '" + ours + ".' && it.type == 'A' }.before",
                        equalTo(List.of(OLD, "192.0.2.44")))
                .body("find { it.purpose == 'DNS_SWITCH' && it.name == '" + ours + ".' && it.type == 'A' }.after",
                        equalTo(List.of(NEW, "192.0.2.44")));
        given().get("/migrations/" + migration).then().statusCode(200)
                .body("zones.size()", equalTo(2))
                .body("jobs.find { it.kind == 'SWITCH' }.appliedAt", org.hamcrest.Matchers.notNullValue());

        // No secret shows in anything the service wrote.
        String secret = secretOf(DnsTopology.key("hostmove-update"));
        assertThat(Files.readString(java.nio.file.Path.of("target/dns-service-test.log"))).doesNotContain(secret);
        assertThat(given().get("/migrations/" + migration).asString()).doesNotContain(secret);
    }

    @Test
    void a_mail_exchanger_outside_the_zone_that_still_leads_to_the_old_host_is_reported_not_changed() {
        String ours = DnsTopology.uniqueZone("outside");
        String elsewhere = DnsTopology.uniqueZone("outside-mx");
        DnsTopology.addZone(elsewhere, "external", """
                backup 120 IN A 127.0.0.2
                shop   120 IN A 192.0.2.50
                """);
        DnsTopology.addZone(ours, "ours", SITE + """
                @     120 IN MX    20 backup.%1$s.
                shop  120 IN CNAME shop.%1$s.
                """.formatted(elsewhere));
        DnsTarget target = new DnsTarget(List.of(ours, "shop." + ours), OLD, null, NEW, null);
        UUID migration = UUID.randomUUID();

        try (EventTap tap = EventTap.from(bootstrap, Topics.DNS_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            DnsInspectionCompleted inspected = inspect(tap, planner, migration, target);
            // Only the account's own zone is planned; the backup exchanger elsewhere is named for a person.
            assertThat(inspected.plannedChanges()).extracting(DnsRecordChange::zone).containsOnly(ours);
            assertThat(inspected.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.severity()).isEqualTo(Finding.Severity.WARNING);
                assertThat(finding.code()).isEqualTo("dns-target-outside-zone");
                assertThat(finding.subject()).isEqualTo(ours + ". MX");
                assertThat(finding.message()).contains("backup." + elsewhere + ".").contains(OLD);
            });
        }
        assertThat(values(PROVIDER, "backup." + elsewhere, "A")).as("not ours to change").containsExactly(OLD);
    }

    private static DnsInspectionCompleted inspect(EventTap tap, EventSender planner, UUID migration,
                                                  DnsTarget target) {
        planner.send(Service.PLANNER, migration, null, new DnsInspectionRequested(target));
        return tap.await(migration, DnsInspectionCompleted.class, any -> true, PATIENCE)
                .payload(DnsInspectionCompleted.class);
    }

    @Test
    void the_api_names_a_bad_migration_id_and_an_unknown_one() {
        given().get("/migrations/not-a-uuid/audit").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
        given().accept(ContentType.JSON).get("/migrations/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    static String secretOf(java.nio.file.Path keyFile) throws java.io.IOException {
        String text = Files.readString(keyFile);
        return text.substring(text.indexOf("secret \"") + 8, text.indexOf('"', text.indexOf("secret \"") + 8));
    }

    private static org.assertj.core.groups.Tuple change(String name, String type, String oldValue, String newValue) {
        return org.assertj.core.groups.Tuple.tuple(name, type, oldValue, newValue);
    }

    /** What a customer types at their provider to move (or move back) apex, mail and SPF. */
    static String customerMoves(String zone, String from, String to) {
        return "zone " + zone + ".\n"
                + "update delete " + zone + ". A " + from + "\n"
                + "update add " + zone + ". 120 A " + to + "\n"
                + "update delete mail." + zone + ". A " + from + "\n"
                + "update add mail." + zone + ". 120 A " + to + "\n"
                + "update delete " + zone + ". TXT\n"
                + "update add " + zone + ". 120 TXT \"v=spf1 ip4:" + to + " mx -all\"\n"
                + "send\n";
    }

    /** Whether the zone differs only in the RRsets the switch is about (apex A, mail A, apex TXT). */
    private static boolean nothingElseChanged(List<String> before, List<String> after, String zone) {
        List<String> unrelatedBefore = new ArrayList<>(before);
        List<String> unrelatedAfter = new ArrayList<>(after);
        List<String> switched = List.of(zone + ".\t", "mail." + zone + ".\t");
        unrelatedBefore.removeIf(line -> isSwitched(line, switched));
        unrelatedAfter.removeIf(line -> isSwitched(line, switched));
        return unrelatedBefore.equals(unrelatedAfter) && !before.equals(after);
    }

    private static boolean isSwitched(String line, List<String> owners) {
        return owners.stream().anyMatch(line::startsWith) && (line.contains("\tA\t") || line.contains("\tTXT\t"));
    }

    private static int auditSize(UUID migration) {
        return given().get("/migrations/" + migration + "/audit").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    record EnvelopeAndRequest(EventEnvelope envelope, DnsSwitchRequested request) {
    }

    private static EnvelopeAndRequest send(EventSender planner, UUID migration, DnsSwitchRequested request) {
        return new EnvelopeAndRequest(planner.send(Service.PLANNER, migration, null, request), request);
    }
}
