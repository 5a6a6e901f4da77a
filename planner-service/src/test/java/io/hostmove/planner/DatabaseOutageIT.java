package io.hostmove.planner;

import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.Service;
import io.hostmove.events.Topics;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.messaging.ConsumerHealth;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.testing.EventSender;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results that arrive while the planner cannot reach its database wait for it, one on each partition (so each
 * consumer meets the outage), and are applied once it is back; the consumers keep going afterwards. While they
 * wait, readiness names them. The outage is real: the planner's role may not log in and its connections
 * are cut, as when PostgreSQL restarts or the network to it fails.
 */
@QuarkusTest
class DatabaseOutageIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String role;

    @Test
    void results_that_arrive_during_a_database_outage_are_applied_when_the_database_is_back() throws Exception {
        List<UUID> ids = onePerPartition();
        try (Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "");
             EventSender services = new EventSender(bootstrap)) {
            try {
                cutOff(admin);
                for (UUID id : ids) {
                    services.send(Service.TRANSFER, id, null, new InventoryCompleted(12, 48_000, 0, 0, 0, List.of()));
                }
                // Longer than the pool waits for a connection (5 s): every consumer's attempts to apply them fail.
                await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15))
                        .until(() -> phasesInDatabase(admin, ids).stream().allMatch("INVENTORY"::equals));
                // Failing past hostmove.messaging.stuck-after (3 s here), each waiting record is named in readiness.
                await().atMost(Duration.ofSeconds(30)).until(() -> stuckRecords().size() == ids.size());
                assertThat(stuckRecords().keySet()).allMatch(what -> what.startsWith(Topics.TRANSFER_RESULTS + "-"));
                assertThat(stuckRecords().values()).allMatch(why -> why.contains("attempts"));
            } finally {
                execute(admin, "alter role " + role + " login");
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ids.stream().map(Fixtures::phase).allMatch("DNS_INSPECTION"::equals));
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(consumersCheck().getString("status")));
            assertThat(stuckRecords()).isEmpty();
            // The metrics show the records held back: each took at least the 8 s of the outage to apply.
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(sample(metrics, "hostmove_event_apply_seconds_max")).isGreaterThanOrEqualTo(8.0);
            assertThat(sample(metrics, "hostmove_event_wait_seconds_count")).isGreaterThanOrEqualTo(ids.size());

            String apex = "nordlys-bakeri.example.";
            services.send(Service.DNS, ids.get(0), null, new DnsInspectionCompleted(List.of(new DnsRecordChange(apex,
                    apex, "A", 3600, "192.0.2.10", "198.51.100.20")), List.of(), 3600, List.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> "TTL_PREPARATION".equals(Fixtures.phase(ids.get(0))));
        }
    }

    /** The value of {@code name} for the transfer results topic in Prometheus' text format. */
    private static double sample(String metrics, String name) {
        String prefix = name + "{topic=\"" + Topics.TRANSFER_RESULTS + "\"";
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(prefix + " is not among the metrics:\n" + metrics));
    }

    /** The readiness check of the event consumers, as an operator's probe reads it. */
    private static JsonPath consumersCheck() {
        return given().get("/q/health/ready").then().extract().jsonPath()
                .setRootPath("checks.find { it.name == '" + ConsumerHealth.NAME + "' }");
    }

    private static Map<String, String> stuckRecords() {
        Map<String, Object> data = consumersCheck().get("data");
        Map<String, String> stuck = new TreeMap<>();
        if (data != null) {
            data.forEach((what, why) -> stuck.put(what, String.valueOf(why)));
        }
        return stuck;
    }

    /** Migrations in INVENTORY until there is one on every partition of the transfer results, one consumer each. */
    private List<UUID> onePerPartition() {
        int partitions;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            partitions = producer.partitionsFor(Topics.TRANSFER_RESULTS).size();
        }
        Map<Integer, UUID> byPartition = new TreeMap<>();
        while (byPartition.size() < partitions) {
            UUID id = Fixtures.migration(Fixtures.account());
            // The producer's partitioner for a keyed record: the key is the migration id.
            int partition = Utils.toPositive(Utils.murmur2(id.toString().getBytes(StandardCharsets.UTF_8)))
                    % partitions;
            byPartition.putIfAbsent(partition, id);
        }
        byPartition.values().forEach(id -> assertThat(Fixtures.phase(id)).isEqualTo("INVENTORY"));
        return List.copyOf(byPartition.values());
    }

    private void cutOff(Connection admin) throws SQLException {
        execute(admin, "alter role " + role + " nologin");
        try (PreparedStatement kill = admin.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where usename = ?")) {
            kill.setString(1, role);
            kill.executeQuery().close();
        }
    }

    private static List<String> phasesInDatabase(Connection admin, List<UUID> ids) throws SQLException {
        List<String> phases = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement("select phase from migration where id = ?")) {
            for (UUID id : ids) {
                query.setObject(1, id);
                try (ResultSet result = query.executeQuery()) {
                    phases.add(result.next() ? result.getString(1) : null);
                }
            }
        }
        return phases;
    }

    private static void execute(Connection admin, String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
