package io.hostmove.dns;

import io.hostmove.dns.persistence.DnsJob;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.hostmove.dns.DnsTopology.NS1;
import static io.hostmove.dns.DnsTopology.NS2;
import static io.hostmove.dns.DnsTopology.SITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The TTL restore after the settling period is a row in PostgreSQL, not a timer: it outlives the job runner. */
@QuarkusTest
class JobRestartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    JobRunner runner;

    @Test
    void a_ttl_restore_scheduled_before_a_restart_runs_after_it() {
        String zone = DnsTopology.uniqueZone("restart");
        DnsTopology.addZone(zone, "ours", SITE);
        DnsTarget target = DnsFailuresIT.target(zone);
        UUID migration = UUID.randomUUID();
        try (EventTap tap = EventTap.from(bootstrap, Topics.DNS_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null,
                    new TtlPreparationRequested(target, Instant.now().plus(Duration.ofHours(1))));
            tap.await(migration, TtlLowered.class, any -> true, PATIENCE);
            planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(target));
            tap.await(migration, DnsSwitchCompleted.class, any -> true, PATIENCE);
        }
        runner.stop(null);
        try {
            DnsJob restore = restoreJob(migration);
            assertThat(restore.state).isEqualTo(DnsJob.State.QUEUED);
            await().atMost(PATIENCE).until(() -> Instant.now().isAfter(restore.runAt.plusSeconds(1)));
            assertThat(DnsTopology.ttl(NS1, zone, "A")).as("nothing runs while the service is down").isEqualTo(30);
        } finally {
            runner.start(null);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String server : List.of(NS1, NS2)) {
                assertThat(DnsTopology.ttl(server, zone, "A")).isEqualTo(120);
                assertThat(DnsTopology.ttl(server, "mail." + zone, "A")).isEqualTo(120);
            }
        });
        assertThat(restoreJob(migration).state).isEqualTo(DnsJob.State.DONE);
    }

    private static DnsJob restoreJob(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> DnsJob.<DnsJob>find("migrationId = ?1 and kind = ?2",
                migration, DnsJob.Kind.RESTORE_TTL).firstResult());
    }
}
