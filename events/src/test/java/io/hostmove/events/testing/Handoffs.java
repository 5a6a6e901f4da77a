package io.hostmove.events.testing;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Phase hand-offs as any consumer of the topics sees them: for every step request the planner published because of
 * a service's result, the time from the result's record to the request's record, both stamped by their producers.
 *
 * @param each every hand-off with the ids and timestamps of its two records, in the order they were read
 */
public record Handoffs(List<Handoff> each) {

    /**
     * One hand-off.
     *
     * @param kind      {@code result type -> request type}
     * @param resultId  the CloudEvents id of the service's result
     * @param resultAt  its record's producer timestamp (epoch ms)
     * @param requestId the CloudEvents id of the planner's request it caused
     * @param requestAt that record's producer timestamp (epoch ms)
     */
    public record Handoff(String kind, String resultId, long resultAt, String requestId, long requestAt) {

        public long millis() {
            return requestAt - resultAt;
        }
    }

    private record Stamped(String topic, String type, String causationId, String migrationId, long timestamp) {
    }

    /** Reads every topic from its beginning to its current end and pairs each step request with its cause. */
    public static Handoffs read(String bootstrap, Predicate<String> migration) {
        Map<String, Stamped> byId = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = Topics.ALL.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    String id = header(r, CloudEventCodec.H_ID);
                    byId.put(id, new Stamped(r.topic(), header(r, CloudEventCodec.H_TYPE),
                            header(r, CloudEventCodec.H_CAUSATION_ID), header(r, CloudEventCodec.H_MIGRATION_ID),
                            r.timestamp()));
                    ids.add(id);
                }
            }
        }
        List<Handoff> each = new ArrayList<>();
        for (String id : ids) {
            Stamped request = byId.get(id);
            Stamped cause = request.causationId() == null ? null : byId.get(request.causationId());
            if (request.topic().endsWith(".requests") && !request.topic().equals(Topics.NOTIFICATION_REQUESTS)
                    && cause != null && cause.topic().endsWith(".results") && migration.test(request.migrationId())) {
                each.add(new Handoff(cause.type() + " -> " + request.type(), request.causationId(),
                        cause.timestamp(), id, request.timestamp()));
            }
        }
        return new Handoffs(List.copyOf(each));
    }

    /** Every hand-off in milliseconds, sorted. */
    public List<Long> millis() {
        return each.stream().map(Handoff::millis).sorted().toList();
    }

    /** The hand-offs of each kind ({@code result type -> request type}), in ms, in the order they were read. */
    public Map<String, List<Long>> byKind() {
        Map<String, List<Long>> byKind = new TreeMap<>();
        each.forEach(handoff -> byKind.computeIfAbsent(handoff.kind(), k -> new ArrayList<>()).add(handoff.millis()));
        return byKind;
    }

    /** The {@code p}th percentile (nearest rank) in milliseconds; 0 when there is none. */
    public long percentile(int p) {
        List<Long> millis = millis();
        if (millis.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * millis.size());
        return millis.get(Math.max(0, rank - 1));
    }

    public long max() {
        return each.stream().mapToLong(Handoff::millis).max().orElse(0);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
