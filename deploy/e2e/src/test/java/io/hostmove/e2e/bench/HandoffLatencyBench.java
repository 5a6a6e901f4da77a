package io.hostmove.e2e.bench;

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

/**
 * Phase hand-off latency of a finished run, read from the topics as any consumer sees them: for every step request
 * the planner published because of a service's result, the time from the result's record to the request's record
 * (both stamped by their producers). Prints count, median and p99 in milliseconds.
 *
 * <p>Usage: {@code HandoffLatencyBench BOOTSTRAP} (run by bench/e2e/run.sh).
 */
public final class HandoffLatencyBench {

    private record Stamped(String topic, String type, String causationId, long timestamp) {
    }

    private HandoffLatencyBench() {
    }

    public static void main(String[] args) {
        Map<String, Stamped> byId = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = Topics.ALL.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    byId.put(header(r, CloudEventCodec.H_ID), new Stamped(r.topic(),
                            header(r, CloudEventCodec.H_TYPE), header(r, CloudEventCodec.H_CAUSATION_ID),
                            r.timestamp()));
                }
            }
        }
        List<Long> handoffs = new ArrayList<>();
        Map<String, List<Long>> byStep = new TreeMap<>();
        for (Stamped request : byId.values()) {
            Stamped cause = request.causationId() == null ? null : byId.get(request.causationId());
            if (request.topic().endsWith(".requests") && !request.topic().equals(Topics.NOTIFICATION_REQUESTS)
                    && cause != null && cause.topic().endsWith(".results")) {
                long millis = request.timestamp() - cause.timestamp();
                handoffs.add(millis);
                byStep.computeIfAbsent(cause.type() + " -> " + request.type(), k -> new ArrayList<>()).add(millis);
            }
        }
        // One line per kind of hand-off first, for finding where the time goes; the summary line comes last.
        byStep.forEach((step, millis) -> System.out.printf("%s: %s ms%n", step, millis));
        handoffs.sort(Long::compare);
        if (handoffs.isEmpty()) {
            System.out.println("handoffs=0");
            return;
        }
        System.out.printf("handoffs=%d median_ms=%d p99_ms=%d max_ms=%d%n", handoffs.size(),
                percentile(handoffs, 50), percentile(handoffs, 99), handoffs.get(handoffs.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
