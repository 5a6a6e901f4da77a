package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.EventSender;
import io.hostmove.events.testing.EventTap;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.hostmove.dns.DnsTopology.NS1;
import static io.hostmove.dns.DnsTopology.NS2;
import static io.hostmove.dns.DnsTopology.OLD;
import static io.hostmove.dns.DnsTopology.SITE;
import static io.hostmove.dns.DnsTopology.values;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The service signs with a key whose secret the primary does not know: the update is refused, nothing changes. */
@QuarkusTest
@TestProfile(WrongTsigKeyIT.WrongSecret.class)
class WrongTsigKeyIT {

    /** The service's key name with a secret made up at test time. */
    public static class WrongSecret implements QuarkusTestProfile {

        static final String SECRET;
        static final Path FILE;

        static {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            SECRET = Base64.getEncoder().encodeToString(bytes);
            try {
                FILE = Files.createTempFile("wrong-tsig", ".key",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(FILE, "key \"hostmove-update\" {\n\talgorithm hmac-sha256;\n\tsecret \""
                        + SECRET + "\";\n};\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hostmove.dns.tsig.key-file", FILE.toString());
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void an_update_signed_with_the_wrong_secret_is_refused_and_the_zone_keeps_its_records() throws Exception {
        String zone = DnsTopology.uniqueZone("wrong-key");
        DnsTopology.addZone(zone, "ours", SITE);
        List<String> before = DnsTopology.zoneOnPrimary(zone);
        UUID migration = UUID.randomUUID();
        try (EventTap tap = EventTap.from(bootstrap, Topics.DNS_RESULTS);
             EventSender planner = new EventSender(bootstrap)) {
            planner.send(Service.PLANNER, migration, null, new DnsSwitchRequested(DnsFailuresIT.target(zone)));

            DnsStepFailed failed = tap.await(migration, DnsStepFailed.class, any -> true, Duration.ofSeconds(45))
                    .payload(DnsStepFailed.class);
            assertThat(failed.step()).isEqualTo(MigrationStep.DNS_SWITCH);
            assertThat(failed.reason()).startsWith("update refused by ns1.hostmove.example (127.0.0.11): TSIG key "
                    + "hostmove-update").contains("BADSIG").contains("nothing in zone " + zone + " changed");
            assertThat(tap.of(migration)).allSatisfy(received -> assertThat(received.record().value())
                    .doesNotContain(WrongSecret.SECRET));
        }
        assertThat(DnsTopology.zoneOnPrimary(zone)).isEqualTo(before);
        assertThat(values(NS1, zone, "A")).containsExactly(OLD);
        assertThat(values(NS2, zone, "A")).containsExactly(OLD);

        String realSecret = DnsFlowIT.secretOf(DnsTopology.key("hostmove-update"));
        String log = Files.readString(Path.of("target/dns-service-test.log"));
        assertThat(log).contains("update refused by").doesNotContain(WrongSecret.SECRET).doesNotContain(realSecret);
        assertThat(given().get("/migrations/" + migration).asString()).doesNotContain(WrongSecret.SECRET);
    }
}
