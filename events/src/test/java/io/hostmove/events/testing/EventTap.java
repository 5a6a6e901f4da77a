package io.hostmove.events.testing;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.HostmoveEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** Reads Hostmove events from topics as any outside consumer would: no group, from the moment it opened. */
public final class EventTap implements AutoCloseable {

    /** A record as it was on the topic, and what it decodes to. */
    public record Received(ConsumerRecord<String, String> record, DecodedEvent event) {

        public <T extends HostmoveEvent> T payload(Class<T> type) {
            return type.cast(event.payload());
        }

        public String header(String name) {
            var header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();

    private EventTap(String bootstrapServers, List<String> topics, boolean fromBeginning) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the positions now, so nothing published after this constructor returns is missed.
        partitions.forEach(consumer::position);
    }

    /** Sees what is published from now on. */
    public static EventTap from(String bootstrapServers, String... topics) {
        return new EventTap(bootstrapServers, List.of(topics), false);
    }

    /** Sees everything the topics hold. */
    public static EventTap fromBeginning(String bootstrapServers, String... topics) {
        return new EventTap(bootstrapServers, List.of(topics), true);
    }

    /** Everything received so far that belongs to {@code migrationId}, after reading what is available now. */
    public synchronized List<Received> of(UUID migrationId) {
        drain();
        return received.stream().filter(r -> r.event().envelope().migrationId().equals(migrationId)).toList();
    }

    /** Waits for an event of {@code type} for {@code migrationId} that matches {@code condition}. */
    public <T extends HostmoveEvent> Received await(UUID migrationId, Class<T> type, Predicate<T> condition,
                                                    Duration timeout) {
        Received[] found = new Received[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (Received r : of(migrationId)) {
                if (type.isInstance(r.event().payload()) && condition.test(type.cast(r.event().payload()))) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    public <T extends HostmoveEvent> Received await(UUID migrationId, Class<T> type) {
        return await(migrationId, type, any -> true, Duration.ofSeconds(30));
    }

    /** How many events of {@code type} for {@code migrationId} arrived so far. */
    public long count(UUID migrationId, Class<? extends HostmoveEvent> type) {
        return of(migrationId).stream().filter(r -> type.isInstance(r.event().payload())).count();
    }

    private void drain() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            received.add(new Received(record, CloudEventCodec.decode(record.headers(), record.value())));
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
