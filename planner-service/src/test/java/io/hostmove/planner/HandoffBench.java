package io.hostmove.planner;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.Topics;
import io.hostmove.events.testing.Handoffs;
import io.hostmove.planner.messaging.EventPathWarmUp;
import io.hostmove.planner.persistence.Migration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The planner's phase hand-off under a steady stream of migrations: the services are played by a responder that
 * answers every step request at once, so what is measured is the planner alone — a result's record to the record of
 * the step request it caused, as any consumer of the topics sees them ({@link Handoffs}). A warm-up wave runs first
 * (a long-running planner runs compiled code). Run by bench/planner/run.sh, which measures Kafka's own end-to-end
 * latency on the same broker meanwhile.
 */
@QuarkusTest
@TestProfile(HandoffBench.Profile.class)
class HandoffBench {

    /** A planner that checks its timers often (the appointment's), and logs little. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hostmove.planner.timer-interval", "200ms",
                    "quarkus.log.category.\"io.hostmove\".level", "WARN");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void handoffs() throws Exception {
        int count = Integer.getInteger("bench.migrations", 100);
        int warmup = Integer.getInteger("bench.warmup", 100);
        long paceMillis = Long.getLong("bench.pace-ms", 200);
        try (Responder responder = new Responder(bootstrap)) {
            Thread answering = new Thread(responder, "bench-responder");
            answering.start();
            wave("warm", warmup, paceMillis);
            List<UUID> measured = wave("run", count, paceMillis);
            responder.stop();
            answering.join();

            Set<String> ids = new HashSet<>();
            measured.forEach(id -> ids.add(id.toString()));
            Handoffs handoffs = Handoffs.read(bootstrap, ids::contains);
            // Inventory, DNS inspection, TTL, cut-over and DNS switch results each cause the next request.
            assertThat(handoffs.millis()).as("hand-offs of the measured migrations").hasSize(count * 5);
            StringBuilder kinds = new StringBuilder();
            handoffs.byKind().forEach((kind, millis) -> {
                List<Long> sorted = millis.stream().sorted().toList();
                kinds.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", kind, sorted.size(),
                        sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1)));
            });
            String result = String.format(Locale.ROOT, """
                    %d migrations (after %d to warm up), one started every %d ms, each through five hand-offs; \
                    the services answered every request at once.

                    handoffs=%d median_ms=%d p90_ms=%d p99_ms=%d max_ms=%d

                    | result -> next request | hand-offs | median (ms) | p99 (ms) |
                    |---|---:|---:|---:|
                    %s""", count, warmup, paceMillis, handoffs.millis().size(), handoffs.percentile(50),
                    handoffs.percentile(90), handoffs.percentile(99), handoffs.max(), kinds);
            System.out.println("\n=== planner hand-off benchmark ===\n" + result);
            Path out = Path.of(System.getProperty("bench.out", "target/handoff-bench.md"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, result);
        }
    }

    /** Plans {@code count} migrations, one every {@code paceMillis}, and waits until every one is in aftercare. */
    private static List<UUID> wave(String name, int count, long paceMillis) throws InterruptedException {
        String tag = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<UUID> accounts = inventory(tag, count);
        List<UUID> migrations = new ArrayList<>();
        for (UUID account : accounts) {
            // Near enough that the wave does not wait long, far enough for inventory, DNS and pre-copy before it.
            String cutoverAt = OffsetDateTime.now().plusSeconds(5).toString();
            migrations.add(UUID.fromString(given().contentType(ContentType.JSON)
                    .body(Map.of("accountId", account, "cutoverAt", cutoverAt))
                    .post("/migrations").then().statusCode(201).extract().path("id")));
            Thread.sleep(paceMillis);
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> inAftercare(migrations) == count);
        return migrations;
    }

    private static long inAftercare(List<UUID> migrations) {
        return QuarkusTransaction.requiringNew().call(() -> Migration.count("phase = ?1 and id in ?2",
                Phase.AFTERCARE, migrations));
    }

    /** {@code count} customers, each with an account between one old and one new host of the wave. */
    private static List<UUID> inventory(String tag, int count) {
        List<Map<String, Object>> customers = new ArrayList<>();
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ref = tag + "-" + i;
            customers.add(Map.of("ref", ref, "name", "Kunde " + i, "email", "kunde" + i + "@bench.example",
                    "language", "nb", "timeZone", "Europe/Oslo"));
            String user = "u" + i;
            accounts.add(Map.of("customer", ref, "oldHost", tag + "-old", "newHost", tag + "-new",
                    "systemUser", user, "homePath", "/home/" + user,
                    "sites", List.of(Map.of("domain", ref + ".bench.example", "aliases", List.of(),
                            "documentRoot", "/home/" + user + "/public_html")),
                    "databases", List.of(), "mailboxes", List.of()));
        }
        List<Map<String, Object>> hosts = List.of(
                Map.of("name", tag + "-old", "role", "OLD", "sshHost", "127.0.0.2", "sshPort", 2222,
                        "sshUser", "root", "hostKeyFingerprint", Fixtures.FINGERPRINT, "ipv4", "192.0.2.10"),
                Map.of("name", tag + "-new", "role", "NEW", "sshHost", "127.0.0.3", "sshPort", 2222,
                        "sshUser", "root", "hostKeyFingerprint", Fixtures.FINGERPRINT, "ipv4", "198.51.100.20"));
        given().contentType(ContentType.JSON)
                .body(Map.of("customers", customers, "hosts", hosts, "accounts", accounts))
                .post("/inventory").then().statusCode(201);
        List<String> refs = given().get("/accounts").then().statusCode(200).extract().path("id");
        List<String> owners = given().get("/accounts").then().statusCode(200).extract().path("customer");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            if (owners.get(i).startsWith(tag + "-")) {
                ids.add(UUID.fromString(refs.get(i)));
            }
        }
        assertThat(ids).hasSize(count);
        return ids;
    }

    /** Plays the transfer and DNS services: every step request answered at once with its completion. */
    private static final class Responder implements Runnable, AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean running = new AtomicBoolean(true);

        Responder(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.TRANSFER_REQUESTS, Topics.DNS_REQUESTS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0));
        }

        @Override
        public void run() {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    DecodedEvent request = CloudEventCodec.decode(record.headers(), record.value());
                    HostmoveEvent answer = EventPathWarmUp.answerTo(request.payload()).orElse(null);
                    if (answer != null) {
                        EventEnvelope envelope = EventEnvelope.create(EventCatalog.publisherOf(answer.getClass()),
                                request.envelope().migrationId(), request.envelope().id(), answer);
                        producer.send(new ProducerRecord<>(EventCatalog.topicOf(answer.getClass()), null,
                                envelope.key(), CloudEventCodec.toJson(answer), CloudEventCodec.toHeaders(envelope)));
                    }
                }
            }
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void close() {
            stop();
            producer.close();
            consumer.close();
        }
    }
}
