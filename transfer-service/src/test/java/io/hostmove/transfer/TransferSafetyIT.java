package io.hostmove.transfer;

import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.TransferJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failures and pauses never leave the old side in maintenance, half-copied work live, or processes running. */
@QuarkusTest
class TransferSafetyIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void freshAccount() {
        TestHosts.seed("nordlys");
    }

    @Test
    void a_cut_over_whose_database_vanished_fails_with_the_reason_and_leaves_the_old_site_live() {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE);
            TestHosts.mariadb("127.0.0.2", "drop database nordlys_wp");

            planner.send(Service.PLANNER, migration, null, new CutoverRequested(account));
            TransferStepFailed failed = tap.await(migration, TransferStepFailed.class, any -> true, PATIENCE)
                    .payload(TransferStepFailed.class);
            assertThat(failed.step()).isEqualTo(MigrationStep.CUTOVER);
            assertThat(failed.reason()).contains("nordlys_wp");
            assertThat(TestHosts.get("127.0.0.2", "nordlys-bakeri.example")[0])
                    .as("the old side came out of maintenance").isEqualTo("200");
        }
    }

    @Test
    void a_pause_stops_a_running_copy_kills_its_remote_processes_and_publishes_no_completion() throws Exception {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        // A session holding a write lock makes the dump of wp_posts wait: the step is provably mid-copy.
        Process lock = new ProcessBuilder("mariadb", "-h", "127.0.0.2", "-P", Integer.toString(TestHosts.MARIADB_PORT),
                "-u", "root", "-e", "LOCK TABLES nordlys_wp.wp_posts WRITE; SELECT SLEEP(120);").start();
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            await().atMost(PATIENCE).until(() -> TestHosts.mariadb("127.0.0.2",
                    "select count(*) from information_schema.processlist where info like 'LOCK TABLES%' "
                            + "or info like 'SELECT SLEEP%'").equals("1"));
            var request = planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            await().atMost(PATIENCE).until(() -> dumpsWaiting() > 0);

            planner.send(Service.PLANNER, migration, request.id(),
                    new MigrationPaused("PRE_COPY", "OPERATOR", "customer asked us to wait"));

            await().atMost(Duration.ofSeconds(15)).until(() -> state(migration) == TransferJob.State.CANCELLED);
            await().atMost(Duration.ofSeconds(15)).until(() -> dumpProcesses() == 0);
            assertThat(tap.count(migration, PreCopyCompleted.class)).isZero();
            assertThat(tap.count(migration, TransferStepFailed.class)).as("a pause is not a failure").isZero();
        } finally {
            lock.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Statements of the copy waiting for the locked table on the old host. */
    private static int dumpsWaiting() {
        return Integer.parseInt(TestHosts.mariadb("127.0.0.2",
                "select count(*) from information_schema.processlist where db = 'nordlys_wp' "
                        + "and state like 'Waiting for table%'"));
    }

    /** Dump processes of this database still alive (the test hosts run on this machine). */
    private static long dumpProcesses() {
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains("mariadb-dump") && line.contains("nordlys_wp"))
                .count();
    }

    private static TransferJob.State state(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> TransferJob.<TransferJob>find("migrationId", migration)
                .firstResultOptional().map(job -> job.state).orElse(null));
    }
}
