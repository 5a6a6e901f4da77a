package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.TransferRollbackCompleted;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.Finding;
import io.hostmove.events.model.HostSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.FilePass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The transfer-service moving a real account between two real OpenSSH hosts, as the planner drives it. */
@QuarkusTest
class TransferFlowIT {

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

    @Test
    void an_account_is_inventoried_pre_copied_cut_over_and_rolled_back_with_every_file_intact() throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        Path oldHome = Path.of(account.homePath());
        Path newHome = Path.of(account.newHomePath());
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {

            planner.send(Service.PLANNER, migration, null, new InventoryRequested(account));
            InventoryCompleted inventory = tap.await(migration, InventoryCompleted.class, any -> true, PATIENCE)
                    .payload(InventoryCompleted.class);
            long[] site = TestHosts.filesAndBytes(TestHosts.tree(oldHome.resolve("public_html")));
            assertThat(inventory.fileCount()).isEqualTo(site[0]);
            assertThat(inventory.fileBytes()).isEqualTo(site[1]);
            assertThat(inventory.mailMessages()).isEqualTo(TestHosts.tree(oldHome.resolve("Maildir/post")).keySet()
                    .stream().filter(f -> f.startsWith("cur/") || f.startsWith("new/")).count());
            assertThat(inventory.databaseBytes()).isPositive();
            assertThat(inventory.findings()).as("wp-config.php names the old host's address")
                    .anySatisfy(f -> {
                        assertThat(f.code()).isEqualTo("hard-coded-old-address");
                        assertThat(f.subject()).endsWith("wp-config.php");
                        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                    });

            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            PreCopyCompleted first = tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE)
                    .payload(PreCopyCompleted.class);
            assertThat(TestHosts.tree(newHome)).as("every file byte-identical, hostile names included")
                    .isEqualTo(TestHosts.tree(oldHome));
            assertThat(first.stats().files()).isEqualTo(TestHosts.filesAndBytes(TestHosts.tree(oldHome))[0]);
            assertThat(TestHosts.mariadb("127.0.0.3", "select count(*) from nordlys_wp.wp_posts"))
                    .isEqualTo(TestHosts.mariadb("127.0.0.2", "select count(*) from nordlys_wp.wp_posts"));

            Files.writeString(oldHome.resolve("public_html/index.html"),
                    Files.readString(oldHome.resolve("public_html/index.html")) + "<!-- changed -->\n");
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            PreCopyCompleted second = tap.await(migration, PreCopyCompleted.class,
                    done -> done.stats().files() == 1, PATIENCE).payload(PreCopyCompleted.class);
            assertThat(second.stats().bytes()).as("a re-run moves only what changed")
                    .isLessThan(first.stats().bytes() / 10);

            // The migration key's authorisation is gone from the old host: the cut-over's direct copy, taken on
            // trust from the passes before, is refused, checks its route afresh and authorises the key again.
            Path keys = TestHosts.authorizedKeys("old");
            String marker = "hostmove-migration-" + migration;
            Files.write(keys, Files.readAllLines(keys).stream().filter(line -> !line.contains(marker)).toList());

            String password = TestHosts.wpPassword(oldHome);
            planner.send(Service.PLANNER, migration, null, new CutoverRequested(account));
            CutoverCompleted cutover = tap.await(migration, CutoverCompleted.class, any -> true, PATIENCE)
                    .payload(CutoverCompleted.class);
            assertThat(cutover.downtimeMillis()).isPositive();
            assertThat(TestHosts.get("127.0.0.2", "nordlys-bakeri.example")[0]).as("old side in maintenance")
                    .isEqualTo("503");
            String[] live = TestHosts.get("127.0.0.3", "nordlys-bakeri.example");
            assertThat(live[0]).isEqualTo("200");
            assertThat(live[1]).contains("<title>Nordlys Bakeri</title>");
            assertThat(cutover.rewrites()).extracting(ConfigRewrite::file)
                    .contains(newHome.resolve("public_html/wp-config.php").toString());
            assertThat(cutover.rewrites().toString()).doesNotContain(password);
            String config = Files.readString(newHome.resolve("public_html/wp-config.php"));
            assertThat(config).contains("127.0.0.3:" + TestHosts.MARIADB_PORT).contains(password)
                    .contains(newHome.toString()).doesNotContain(oldHome + "/");
            assertThat(newHome.resolve("public_html/wp-config.php.hostmove-orig")).exists();
            assertThat(Files.readString(keys)).contains(marker);
            assertThat(passes(migration)).extracting(pass -> pass.work + " " + pass.route + ": " + pass.reason)
                    .satisfiesExactly(
                            pass -> assertThat(pass).isEqualTo("PRE_COPY DIRECT: new-web-1 reaches old-web-1 over ssh"),
                            pass -> assertThat(pass).startsWith("PRE_COPY DIRECT: direct, as the pass of "),
                            pass -> assertThat(pass).isEqualTo("CUTOVER DIRECT: new-web-1 reaches old-web-1 over ssh"));

            planner.send(Service.PLANNER, migration, null, new TransferRollbackRequested(account, false));
            tap.await(migration, TransferRollbackCompleted.class, any -> true, PATIENCE);
            assertThat(TestHosts.get("127.0.0.2", "nordlys-bakeri.example")[0]).as("old side live again")
                    .isEqualTo("200");
        }
        assertThat(PWNED).as("no file name ran as a command").doesNotExist();
    }

    private static List<FilePass> passes(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> FilePass.<FilePass>find("migrationId = ?1 order by id",
                migration).list());
    }

    @Test
    void a_pre_copy_reports_how_far_it_got_at_most_once_per_interval_and_keeps_to_its_bandwidth() throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        TestHosts.bigFile(Path.of(account.homePath()).resolve("public_html/wp-content/uploads/2024/05/bakevideo-lang.mp4"),
                192);
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE);
            TestHosts.assertSteadyProgress(tap.of(migration), MigrationStep.PRE_COPY, progressInterval, 192L << 20);
        }
        TestHosts.assertPaced(migration, preCopyBandwidth);
    }

    @Test
    void a_host_with_another_key_than_the_pinned_one_is_refused_with_both_fingerprints() {
        HostSpec real = TestHosts.old();
        String pinned = "SHA256:" + "A".repeat(43);
        HostSpec impostor = new HostSpec(real.name(), real.sshHost(), real.sshPort(), real.sshUser(), pinned,
                real.ipv4(), null);
        UUID migration = UUID.randomUUID();
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new InventoryRequested(TestHosts.nordlys(impostor)));
            String reason = tap.await(migration, TransferStepFailed.class, any -> true, PATIENCE)
                    .payload(TransferStepFailed.class).reason();
            assertThat(reason).isEqualTo("host key of old-web-1 changed: expected " + pinned + ", got "
                    + real.hostKeyFingerprint() + "; if the host was rebuilt on purpose, update its "
                    + "hostKeyFingerprint in the inventory");
        }
    }
}
