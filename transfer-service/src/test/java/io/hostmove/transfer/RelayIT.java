package io.hostmove.transfer;

import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.CatchUpWindow;
import io.hostmove.transfer.persistence.FilePass;
import io.hostmove.transfer.persistence.TransferJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay mode, forced by configuration for the host pair: every byte goes from tar on the old host, through the
 * service's two SSH channels, into tar on the new host; pre-copy, re-run and cut-over, hostile names included.
 */
@QuarkusTest
@TestProfile(RelayIT.ForcedRelay.class)
class RelayIT {

    /** The new host is configured to get files from the old one by relay. */
    public static class ForcedRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hostmove.transfer.hosts.\"new-web-1\".copy-from.\"old-web-1\"", "relay");
        }
    }

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path PWNED = Path.of("/tmp/pwned");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "hostmove.transfer.progress-interval")
    Duration progressInterval;

    @ConfigProperty(name = "hostmove.transfer.pre-copy-bandwidth")
    MemorySize preCopyBandwidth;

    @BeforeEach
    void freshAccount() throws IOException {
        Files.deleteIfExists(PWNED);
        TestHosts.seed("nordlys");
    }

    /** A cut-over leaves the old side read-only and in maintenance; later tests expect the hosts as seeded. */
    @AfterEach
    void leaveTheHostsAsSeeded() {
        TestHosts.seed("nordlys");
    }

    @Test
    void pre_copy_re_run_and_cut_over_go_through_the_relay_and_every_hostile_name_arrives_byte_identical()
            throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        Path oldHome = Path.of(account.homePath());
        Path newHome = Path.of(account.newHomePath());
        TestHosts.bigFile(oldHome.resolve("public_html/wp-content/uploads/2024/05/bakevideo-lang.mp4"), 192);
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {

            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            PreCopyCompleted first = tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE)
                    .payload(PreCopyCompleted.class);
            assertThat(TestHosts.tree(newHome)).as("every file byte-identical, hostile names included")
                    .isEqualTo(TestHosts.tree(oldHome));
            assertThat(first.stats().files()).isEqualTo(TestHosts.filesAndBytes(TestHosts.tree(oldHome))[0]);
            TestHosts.assertSteadyProgress(tap.of(migration), MigrationStep.PRE_COPY, progressInterval, 192L << 20);
            TestHosts.assertPaced(migration, preCopyBandwidth);
            assertThat(Files.readString(TestHosts.authorizedKeys("old"))).as("relay needs no key on the old host")
                    .doesNotContain("hostmove-migration-" + migration);

            // The live site changes before the next pass: a file edited, one deleted, a directory gone, one added.
            Files.writeString(oldHome.resolve("public_html/index.html"),
                    Files.readString(oldHome.resolve("public_html/index.html")) + "<!-- changed -->\n");
            Files.delete(oldHome.resolve("public_html/wp-content/uploads/2021/06/file with spaces.jpg"));
            deleteTree(oldHome.resolve("public_html/wp-content/uploads/2019"));
            Files.writeString(oldHome.resolve("public_html/wp-content/uploads/2021/06/ny $(touch pwned) 'fil'.txt"),
                    "ny\n");
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            PreCopyCompleted second = tap.await(migration, PreCopyCompleted.class,
                    done -> done.stats().files() == 2, PATIENCE).payload(PreCopyCompleted.class);
            assertThat(second.stats().bytes()).as("a re-run relays only what changed")
                    .isLessThan(first.stats().bytes() / 100);
            assertThat(TestHosts.tree(newHome)).as("changes and deletions applied").isEqualTo(TestHosts.tree(oldHome));

            planner.send(Service.PLANNER, migration, null, new CutoverRequested(account));
            CutoverCompleted cutover = tap.await(migration, CutoverCompleted.class, any -> true, PATIENCE)
                    .payload(CutoverCompleted.class);
            assertThat(cutover.rewrites()).isNotEmpty();
            String[] live = TestHosts.get("127.0.0.3", "nordlys-bakeri.example");
            assertThat(live[0]).isEqualTo("200");
            assertThat(live[1]).contains("<title>Nordlys Bakeri</title>");
            String password = TestHosts.wpPassword(oldHome);
            assertThat(tap.of(migration)).as("no event carries the database password")
                    .noneSatisfy(event -> assertThat(event.record().value()).contains(password));

            // Mail arriving at the old host after the cut-over takes the relay too.
            String arrived = "1800000020.M20P120Q20.mx1";
            TestHosts.deliver(oldHome.resolve("Maildir/post"), arrived);
            planner.send(Service.PLANNER, migration, null, new MigrationAdvanced("CUTOVER", "DNS_SWITCH"));
            await().atMost(PATIENCE).until(() -> TestHosts.copies(newHome.resolve("Maildir/post"), arrived).size() == 1);
            planner.send(Service.PLANNER, migration, null, new MigrationAdvanced("AFTERCARE", "FINALISING"));
            await().atMost(PATIENCE).until(() -> QuarkusTransaction.requiringNew().call(() ->
                    CatchUpWindow.<CatchUpWindow>findById(migration)).state == CatchUpWindow.State.CLOSED);
        }
        List<FilePass> passes = QuarkusTransaction.requiringNew().call(() ->
                FilePass.list("migrationId = ?1 order by id", migration));
        assertThat(passes).as("which way each copy went is recorded").extracting(p -> p.work + " " + p.route)
                .containsExactly("PRE_COPY RELAY", "PRE_COPY RELAY", "CUTOVER RELAY", "MAIL_CATCH_UP RELAY");
        assertThat(passes).allSatisfy(p -> assertThat(p.reason).isEqualTo("relay configured for old-web-1 → new-web-1"));
        assertThat(PWNED).as("no file name ran as a command").doesNotExist();
        assertThat(oldHome.resolve("pwned")).doesNotExist();
        assertThat(newHome.resolve("pwned")).doesNotExist();
    }

    @Test
    void a_pause_stops_a_relayed_copy_within_seconds_and_kills_tar_on_both_hosts() throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        // At the tests' pre-copy bandwidth this relay takes seconds: the pause finds it running.
        TestHosts.bigFile(Path.of(account.homePath()).resolve("public_html/wp-content/uploads/2024/05/film.mp4"), 512);
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            var request = planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, TransferProgressed.class, any -> true, PATIENCE);
            // The first progress event can precede the receiving tar's start by a moment.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(relayTars()).as("tar runs on both hosts").isEqualTo(2));

            planner.send(Service.PLANNER, migration, request.id(),
                    new MigrationPaused("PRE_COPY", "OPERATOR", "the customer asked us to wait"));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(state(migration)).as("the step's state").isEqualTo(TransferJob.State.CANCELLED));
            await().atMost(Duration.ofSeconds(15)).until(() -> relayTars() == 0);
            assertThat(tap.count(migration, PreCopyCompleted.class)).isZero();
            assertThat(tap.count(migration, TransferStepFailed.class)).as("a pause is not a failure").isZero();
        }
    }

    /** The relay's tar processes alive (the test hosts run on this machine). */
    private static long relayTars() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/tar"))
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains("--format=posix") || line.contains("--delay-directory-restore"))
                .count();
    }

    private static TransferJob.State state(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> TransferJob.<TransferJob>find("migrationId", migration)
                .firstResultOptional().map(job -> job.state).orElse(null));
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            Collections.reverse(paths);
            for (Path path : paths) {
                Files.delete(path);
            }
        }
    }
}
