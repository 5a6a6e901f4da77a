package io.hostmove.transfer;

import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.FilePass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing configured for the host pair, and the new host's ssh to the old one fails: the files go by relay. */
@QuarkusTest
@TestProfile(RelayDetectionIT.UnreachableOldHost.class)
class RelayDetectionIT {

    /** The migration's key lands in a file the old host's sshd never reads, so the new host's login fails. */
    public static class UnreachableOldHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hostmove.transfer.hosts.\"old-web-1\".authorized-keys-file",
                    TestHosts.authorizedKeys("old").resolveSibling("not_read_by_sshd").toString());
        }
    }

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void files_go_by_relay_when_the_new_host_cannot_log_in_to_the_old_one() throws Exception {
        TestHosts.seed("nordlys");
        AccountSpec account = TestHosts.nordlys(TestHosts.old());
        UUID migration = UUID.randomUUID();
        try (EventTap tap = EventTap.from(bootstrap, Topics.TRANSFER_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new PreCopyRequested(account));
            tap.await(migration, PreCopyCompleted.class, any -> true, PATIENCE);
        }
        assertThat(TestHosts.tree(Path.of(account.newHomePath()))).isEqualTo(TestHosts.tree(Path.of(account.homePath())));
        FilePass pass = QuarkusTransaction.requiringNew().call(() -> FilePass.<FilePass>find("migrationId", migration)
                .singleResult());
        assertThat(pass.route).isEqualTo("RELAY");
        assertThat(pass.reason).startsWith("new-web-1 cannot reach old-web-1 over ssh (")
                .contains("Permission denied");
    }
}
