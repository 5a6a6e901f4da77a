package io.hostmove.dns;

import io.hostmove.dns.persistence.DnsJob;
import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.hostmove.dns.DnsTopology.NEW;
import static io.hostmove.dns.DnsTopology.NS1;
import static io.hostmove.dns.DnsTopology.NS2;
import static io.hostmove.dns.DnsTopology.OLD;
import static io.hostmove.dns.DnsTopology.PROVIDER;
import static io.hostmove.dns.DnsTopology.SITE;
import static io.hostmove.dns.DnsTopology.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every failure of the issue ends in DnsStepFailed with a reason an operator can act on, and nothing clobbered. */
@QuarkusTest
class DnsFailuresIT {

    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private EventTap tap;
    private EventSender planner;

    @BeforeEach
    void connect() {
        tap = EventTap.from(bootstrap, Topics.DNS_RESULTS);
        planner = new EventSender(bootstrap);
    }

    @AfterEach
    void disconnect() {
        tap.close();
        planner.close();
    }

    @Test
    void a_domain_that_does_not_exist_fails_the_inspection() {
        String missing = DnsTopology.uniqueZone("nosuch");
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null, new DnsInspectionRequested(target(missing)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_INSPECTION);
        assertThat(failed.reason()).contains(missing + " does not exist").contains("NXDOMAIN");
    }

    @Test
    void a_cname_where_the_apex_belongs_fails_the_inspection() {
        String domain = DnsTopology.uniqueZone("apex-cname");
        DnsTopology.parentUpdate("zone example.\nupdate add " + domain + ". 120 CNAME shops.sitebuilder.test.\nsend\n");
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null,
                new DnsInspectionRequested(new DnsTarget(List.of(domain), OLD, null, NEW, null)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_INSPECTION);
        assertThat(failed.reason()).contains(domain + " is a CNAME").contains("apex");
    }

    @Test
    void a_zone_delegated_to_us_that_our_primary_does_not_serve_is_not_ours_to_change() {
        String zone = DnsTopology.uniqueZone("lame");
        DnsTopology.addZone(zone, "ours", SITE, "--lame");
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null, new DnsInspectionRequested(target(zone)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_INSPECTION);
        assertThat(failed.reason()).contains("zone " + zone + " is delegated to our name servers")
                .contains("do not serve it").contains("REFUSED").contains("not ours to change");
    }

    @Test
    void records_changed_meanwhile_stop_the_switch_of_every_zone_and_a_retry_switches_what_still_points_at_the_old_host() {
        String first = DnsTopology.uniqueZone("changed-a");
        String second = DnsTopology.uniqueZone("changed-b");
        DnsTopology.addZone(first, "ours", SITE);
        DnsTopology.addZone(second, "ours", SITE);
        UUID migration = UUID.randomUUID();
        DnsTarget target = new DnsTarget(List.of(first, second), OLD, null, NEW, null);
        planner.send(Service.PLANNER, migration, null, new DnsInspectionRequested(target));
        tap.await(migration, DnsInspectionCompleted.class, any -> true, PATIENCE);

        DnsTopology.primaryUpdate("zone " + second + ".\nupdate delete mail." + second + ". A\n"
                + "update add mail." + second + ". 120 A 192.0.2.77\nsend\n");
        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_SWITCH);
        assertThat(failed.reason()).contains("zone " + second + " changed since")
                .contains("mail." + second + ". A holds 192.0.2.77 instead of 127.0.0.2")
                .contains("Nothing was overwritten");
        for (String server : List.of(NS1, NS2)) {
            assertThat(values(server, first, "A")).as("no zone moves while another conflicts").containsExactly(OLD);
            assertThat(values(server, second, "A")).containsExactly(OLD);
        }
        assertThat(values(NS1, "mail." + second, "A")).as("their change stands").containsExactly("192.0.2.77");

        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target));
        DnsSwitchCompleted switched = tap.await(migration, DnsSwitchCompleted.class, any -> true, PATIENCE)
                .payload(DnsSwitchCompleted.class);
        assertThat(switched.changes()).hasSize(5);
        for (String server : List.of(NS1, NS2)) {
            assertThat(values(server, first, "A")).containsExactly(NEW);
            assertThat(values(server, "mail." + first, "A")).containsExactly(NEW);
            assertThat(values(server, second, "A")).containsExactly(NEW);
            assertThat(values(server, "mail." + second, "A")).containsExactly("192.0.2.77");
        }
    }

    @Test
    void a_name_server_that_does_not_answer_fails_the_switch_after_the_deadline_and_names_it() {
        String zone = DnsTopology.uniqueZone("silent");
        DnsTopology.addZone(zone, "ours", SITE, "--silent-ns");
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_SWITCH);
        assertThat(failed.reason()).contains("ns3.hostmove.example (127.0.0.14)")
                .containsAnyOf("did not answer", "refused the connection")
                .contains("The primary has the new data");
        assertThat(values(NS2, zone, "A")).as("the servers that answer have it").containsExactly(NEW);
    }

    @Test
    void a_secondary_that_never_catches_up_fails_the_switch_with_its_serial() {
        String zone = DnsTopology.uniqueZone("stuck");
        DnsTopology.addZone(zone, "ours", SITE, "--stuck-secondary");
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_SWITCH);
        assertThat(failed.reason()).containsPattern("ns2\\.hostmove\\.example \\(127\\.0\\.0\\.12\\) serves serial \\d+ of "
                + Pattern.quote(zone) + " \\(expected \\d+ or later\\)");
        assertThat(values(NS1, zone, "A")).containsExactly(NEW);
    }

    @Test
    void an_appointment_too_close_to_honour_the_old_ttl_is_refused_without_touching_the_ttl() {
        String zone = DnsTopology.uniqueZone("close");
        DnsTopology.addZone(zone, "ours", SITE);
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null,
                new TtlPreparationRequested(target(zone), Instant.now().plusSeconds(60)));

        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.TTL_PREPARATION);
        assertThat(failed.reason()).contains("too close").contains("120 s").contains("move the appointment");
        assertThat(DnsTopology.ttl(NS1, zone, "A")).isEqualTo(120);
    }

    @Test
    void a_customer_who_does_not_change_their_records_is_reminded_once_and_the_step_fails_at_the_deadline() {
        String zone = DnsTopology.uniqueZone("slow-customer");
        DnsTopology.addZone(zone, "external", SITE);
        UUID migration = UUID.randomUUID();
        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));

        tap.await(migration, ExternalDnsChangeRequired.class, e -> !e.reminder(), PATIENCE);
        ExternalDnsChangeRequired reminder = tap.await(migration, ExternalDnsChangeRequired.class,
                ExternalDnsChangeRequired::reminder, PATIENCE).payload(ExternalDnsChangeRequired.class);
        assertThat(reminder.records()).hasSize(3);
        DnsStepFailed failed = failure(migration);
        assertThat(failed.step()).isEqualTo(MigrationStep.DNS_SWITCH);
        assertThat(failed.reason()).contains("ns.elsewhere-dns.example (127.0.0.13) serves " + zone + ". A 127.0.0.2")
                .contains("confirm the change by hand in the planner");
        assertThat(tap.count(migration, ExternalDnsChangeRequired.class)).isEqualTo(2);
        assertThat(values(PROVIDER, zone, "A")).as("never written by us").containsExactly(OLD);
    }

    @Test
    void a_pause_stops_watching_the_customer_and_a_resumed_request_picks_up_without_asking_them_again() {
        String zone = DnsTopology.uniqueZone("paused");
        DnsTopology.addZone(zone, "external", SITE);
        UUID migration = UUID.randomUUID();
        var request = planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));
        tap.await(migration, ExternalDnsChangeRequired.class, e -> !e.reminder(), PATIENCE);

        planner.send(Service.PLANNER, migration, request.id(),
                new MigrationPaused("DNS_SWITCH", "OPERATOR", "customer on holiday"));
        await().atMost(PATIENCE).until(() -> state(migration, DnsJob.Kind.SWITCH) == DnsJob.State.CANCELLED);
        DnsTopology.providerUpdate(DnsFlowIT.customerMoves(zone, OLD, NEW));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> tap.count(migration, DnsSwitchCompleted.class) == 0);

        planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));
        tap.await(migration, DnsSwitchCompleted.class, any -> true, PATIENCE);
        assertThat(tap.of(migration).stream().map(r -> r.event().payload())
                .filter(e -> e instanceof ExternalDnsChangeRequired asking && !asking.reminder())).hasSize(1);
        assertThat(tap.count(migration, DnsStepFailed.class)).as("a pause is not a failure").isZero();
    }

    @Test
    void an_operator_confirming_the_customer_change_in_the_planner_stops_the_watch() {
        String zone = DnsTopology.uniqueZone("confirmed");
        DnsTopology.addZone(zone, "external", SITE);
        UUID migration = UUID.randomUUID();
        var request = planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target(zone)));
        tap.await(migration, ExternalDnsChangeRequired.class, e -> !e.reminder(), PATIENCE);

        planner.send(Service.PLANNER, migration, request.id(), new MigrationAdvanced("DNS_SWITCH", "VERIFICATION"));

        await().atMost(PATIENCE).until(() -> state(migration, DnsJob.Kind.SWITCH) == DnsJob.State.CANCELLED);
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12))
                .until(() -> tap.count(migration, DnsStepFailed.class) == 0);
    }

    private DnsStepFailed failure(UUID migration) {
        return tap.await(migration, DnsStepFailed.class, any -> true, PATIENCE).payload(DnsStepFailed.class);
    }

    static DnsTarget target(String domain) {
        return new DnsTarget(List.of(domain, "www." + domain), OLD, null, NEW, null);
    }

    private static DnsJob.State state(UUID migration, DnsJob.Kind kind) {
        return QuarkusTransaction.requiringNew().call(() -> DnsJob.<DnsJob>find("migrationId = ?1 and kind = ?2",
                migration, kind).firstResultOptional().map(job -> job.state).orElse(null));
    }
}
