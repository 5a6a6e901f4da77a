package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.TransferRollbackCompleted;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.CutoverMark;
import io.hostmove.transfer.persistence.FilePass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

/** A rollback with sync-back: what the customer changed on the new host after the cut-over goes back to the old one. */
@QuarkusTest
class SyncBackIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void freshAccount() {
        TestHosts.seed("nordlys");
    }

    /** A sync-back leaves the new side read-only and in maintenance; later tests expect the hosts as seeded. */
    @AfterEach
    void leaveTheHostsAsSeeded() {
        TestHosts.seed("nordlys");
    }

    @Test
    void files_mail_and_rows_written_on_the_new_host_after_the_cut_over_are_on_the_old_host_after_the_rollback()
            throws Exception {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        Path oldHome = Path.of(account.homePath());
        Path newHome = Path.of(account.newHomePath());
        String oldConfig = Files.readString(oldHome.resolve("public_html/wp-config.php"));
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE);
            planner.send(Service.PLANNER, migration, null, new CutoverRequested(account));
            tap.await(migration, CutoverCompleted.class, any -> true, PATIENCE);

            // The customer works on the new host.
            Path upload = newHome.resolve("public_html/wp-content/uploads/2026/11/kanelsnurr \"ny\".txt");
            Files.createDirectories(upload.getParent());
            Files.writeString(upload, "Nye kanelsnurrer fra i dag!\n");
            Files.writeString(newHome.resolve("public_html/index.html"), "<!-- oppdatert -->\n", APPEND);
            Files.delete(newHome.resolve("public_html/wp-content/uploads/2021/06/file with spaces.jpg"));
            Files.writeString(newHome.resolve("public_html/wp-config.php"), "// edited on the new host\n", APPEND);
            String mail = "1800000010.M10P110Q10.newhost";
            TestHosts.deliver(newHome.resolve("Maildir/post"), mail);
            TestHosts.mariadb("127.0.0.3", "insert into nordlys_wp.wp_options (option_name, option_value) "
                    + "values ('written_after_cutover', 'ja')");

            planner.send(Service.PLANNER, migration, null, new TransferRollbackRequested(account, true));
            TransferResult result = tap.await(migration, TransferResult.class,
                    done -> done instanceof TransferRollbackCompleted || done instanceof TransferStepFailed,
                    PATIENCE).payload(TransferResult.class);
            assertThat(result).isInstanceOf(TransferRollbackCompleted.class);
            String password = TestHosts.wpPassword(oldHome);
            assertThat(tap.of(migration)).as("no event carries the database password")
                    .noneSatisfy(event -> assertThat(event.record().value()).contains(password));
        }

        assertThat(oldHome.resolve("public_html/wp-content/uploads/2026/11/kanelsnurr \"ny\".txt"))
                .hasContent("Nye kanelsnurrer fra i dag!");
        assertThat(oldHome.resolve("public_html/wp-content/uploads/2021/06/file with spaces.jpg"))
                .as("deleted on the new host after the cut-over").doesNotExist();
        assertThat(Files.readString(oldHome.resolve("public_html/wp-config.php")))
                .as("the rewritten config stays the new host's").isEqualTo(oldConfig);
        assertThat(TestHosts.copies(oldHome.resolve("Maildir/post"), "1800000010.M10P110Q10.newhost")).hasSize(1);
        List<String> rewritten = rewrittenFiles(newHome);
        assertThat(rewritten).contains("public_html/wp-config.php");
        assertThat(TestHosts.tree(oldHome, rewritten.toArray(String[]::new)))
                .as("apart from the rewritten configs, the old home is the new one")
                .isEqualTo(TestHosts.tree(newHome, rewritten.toArray(String[]::new)));
        assertThat(TestHosts.mariadb("127.0.0.2",
                "select option_value from nordlys_wp.wp_options where option_name = 'written_after_cutover'"))
                .isEqualTo("ja");
        assertThat(TestHosts.get("127.0.0.2", "nordlys-bakeri.example")[0]).as("old side live").isEqualTo("200");
        assertThat(TestHosts.get("127.0.0.3", "nordlys-bakeri.example")[0]).as("new side frozen").isEqualTo("503");
        assertThat(siteUserInsert("127.0.0.2", TestHosts.wpPassword(oldHome))).as("the site can write on the old host again")
                .isZero();
        assertThat(passes(migration)).extracting(pass -> pass.work + " " + pass.route)
                .contains("SYNC_BACK RELAY");
    }

    @Test
    void a_rollback_without_sync_back_refuses_to_make_a_half_copied_old_side_live() {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        CutoverMark.record(migration, BigDecimal.ONE, BigDecimal.ONE);
        CutoverMark.syncBack(migration, Instant.now());
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new TransferRollbackRequested(account, false));
            TransferStepFailed failed = tap.await(migration, TransferStepFailed.class, any -> true, PATIENCE)
                    .payload(TransferStepFailed.class);
            assertThat(failed.step()).isEqualTo(MigrationStep.TRANSFER_ROLLBACK);
            assertThat(failed.reason()).contains("sync-back").contains("roll back with sync-back again");
        }
    }

    /** Paths (below the home) the cut-over rewrote, and the originals it kept beside them. */
    private static List<String> rewrittenFiles(Path home) throws IOException {
        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(home)) {
            for (Path original : walk.filter(p -> p.toString().endsWith(".hostmove-orig")).toList()) {
                String relative = home.relativize(original).toString();
                files.add(relative);
                files.add(relative.substring(0, relative.length() - ".hostmove-orig".length()));
            }
        }
        return files;
    }

    private static List<FilePass> passes(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> FilePass.list("migrationId", migration));
    }

    /** Exit status of an insert by the site's own database user. */
    private static int siteUserInsert(String address, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("mariadb", "-h", address, "-P",
                Integer.toString(TestHosts.MARIADB_PORT), "-u", "nordlys_wp", "nordlys_wp", "-e",
                "insert into wp_options (option_name, option_value) values ('site_writes_again', 'ja')")
                .redirectErrorStream(true);
        builder.environment().put("MYSQL_PWD", password);
        Process process = builder.start();
        process.getInputStream().transferTo(System.out);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
