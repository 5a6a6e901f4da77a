package io.hostmove.transfer;

import io.hostmove.events.MigrationLifecycle.MigrationAdvanced;
import io.hostmove.events.MigrationLifecycle.MigrationPaused;
import io.hostmove.events.MigrationLifecycle.MigrationResumed;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.CatchUpWindow;
import io.hostmove.transfer.persistence.CatchUpWindow.State;
import io.hostmove.transfer.steps.MailCatchUp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mail that reaches the old host after the cut-over, while DNS still points some senders there, is merged into
 * the new host's maildir every few seconds (2 s in tests) until the planner closes the window.
 */
@QuarkusTest
class MailCatchUpIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Several catch-up intervals: long enough for a pass that should not happen to have happened. */
    private static final Duration QUIET = Duration.ofSeconds(7);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MailCatchUp mailCatchUp;

    private final UUID migration = UUID.randomUUID();

    @BeforeEach
    void freshAccount() {
        TestHosts.seed("nordlys");
    }

    /** A window left open would keep copying into the shared test host; a cut-over leaves it read-only. */
    @AfterEach
    void leaveTheHostsAsSeeded() {
        QuarkusTransaction.requiringNew().run(() -> CatchUpWindow.update("state = ?1 where migrationId = ?2",
                State.CLOSED, migration));
        TestHosts.seed("nordlys");
    }

    @Test
    void mail_arriving_at_the_old_host_after_the_cut_over_reaches_the_new_host_once_and_never_undoes_the_customer()
            throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        Path oldBox = Path.of(account.mailboxes().get(0).maildir());
        Path newBox = Path.of(account.newHomePath()).resolve(Path.of(account.homePath()).relativize(oldBox));
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE);
            planner.send(Service.PLANNER, migration, null, new CutoverRequested(account));
            tap.await(migration, CutoverCompleted.class, any -> true, PATIENCE);

            // On the new host the customer deletes a message they had read, and reads and flags an unread one.
            Path read = first(newBox.resolve("cur"));
            String deleted = unique(read);
            Files.delete(read);
            Path unread = first(newBox.resolve("new"));
            String flagged = unique(unread);
            Files.move(unread, newBox.resolve("cur").resolve(unread.getFileName() + ":2,FS"));
            String arrived = "1800000001.M1P101Q1.mx1";
            TestHosts.deliver(oldBox, arrived + ",S=120");

            planner.send(Service.PLANNER, migration, null, new MigrationAdvanced("CUTOVER", "DNS_SWITCH"));
            await().atMost(PATIENCE).until(() -> TestHosts.copies(newBox, arrived).size() == 1);
            int passes = window(migration).passes;
            await().atMost(PATIENCE).until(() -> window(migration).passes >= passes + 2);
            assertThat(TestHosts.copies(newBox, arrived)).as("copied once, later passes leave it")
                    .singleElement().satisfies(copy -> assertThat(copy.getParent().getFileName()).hasToString("new"));
            assertThat(TestHosts.copies(newBox, deleted)).as("what the customer deleted stays deleted").isEmpty();
            assertThat(TestHosts.copies(newBox, flagged)).as("what the customer flagged keeps its flags")
                    .singleElement().satisfies(copy -> assertThat(copy.getFileName().toString()).endsWith(":2,FS"));
            assertThat(TestHosts.copies(oldBox, deleted)).as("nothing is deleted on the old host").hasSize(1);

            planner.send(Service.PLANNER, migration, null,
                    new MigrationPaused("DNS_SWITCH", "OPERATOR", "waiting for the customer"));
            await().atMost(PATIENCE).until(() -> window(migration).suspended);
            String whilePaused = "1800000002.M2P102Q2.mx1";
            TestHosts.deliver(oldBox, whilePaused);
            await().during(QUIET).atMost(QUIET.plusSeconds(5))
                    .until(() -> TestHosts.copies(newBox, whilePaused).isEmpty());
            planner.send(Service.PLANNER, migration, null, new MigrationResumed("DNS_SWITCH"));
            await().atMost(PATIENCE).until(() -> TestHosts.copies(newBox, whilePaused).size() == 1);

            String beforeClosing = "1800000003.M3P103Q3.mx1";
            TestHosts.deliver(oldBox, beforeClosing);
            planner.send(Service.PLANNER, migration, null, new MigrationAdvanced("AFTERCARE", "FINALISING"));
            await().atMost(PATIENCE).until(() -> window(migration).state == State.CLOSED);
            assertThat(TestHosts.copies(newBox, beforeClosing)).as("the last pass took it").hasSize(1);
            String tooLate = "1800000004.M4P104Q4.mx1";
            TestHosts.deliver(oldBox, tooLate);
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> TestHosts.copies(newBox, tooLate).isEmpty());
        }
    }

    @Test
    void a_pass_cut_short_by_a_restart_runs_again_when_the_service_starts() throws IOException {
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        Path oldBox = Path.of(account.mailboxes().get(0).maildir());
        Path newBox = Path.of(account.newHomePath()).resolve(Path.of(account.homePath()).relativize(oldBox));
        String arrived = "1800000005.M5P105Q5.mx1";
        TestHosts.deliver(oldBox, arrived);
        // The window as a service that stopped in the middle of a pass left it in the database.
        QuarkusTransaction.requiringNew().run(() -> {
            CatchUpWindow window = new CatchUpWindow();
            window.migrationId = migration;
            window.account = CatchUpWindow.json(account);
            window.state = State.OPEN;
            window.nextPassAt = Instant.now();
            window.runningSince = Instant.now().minusSeconds(5);
            window.updatedAt = Instant.now();
            window.persist();
        });
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> TestHosts.copies(newBox, arrived).isEmpty());

        assertThat(mailCatchUp.recover()).as("what start-up does").isPositive();

        await().atMost(PATIENCE).until(() -> TestHosts.copies(newBox, arrived).size() == 1);
        await().atMost(PATIENCE).until(() -> window(migration).passes >= 1);
    }

    private static CatchUpWindow window(UUID migration) {
        return QuarkusTransaction.requiringNew().call(() -> CatchUpWindow.findById(migration));
    }

    private static Path first(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }

    private static String unique(Path message) {
        return List.of(message.getFileName().toString().split("[:,]")).get(0);
    }
}
