package io.hostmove.events.testing;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.Service;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes events the way a Hostmove service does, to play that service in another service's tests. */
public final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public EventSender(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
    }

    /** Publishes {@code event} as {@code service} would, caused by {@code causationId}; returns its envelope. */
    public EventEnvelope send(Service service, UUID migrationId, UUID causationId, HostmoveEvent event) {
        EventEnvelope envelope = EventEnvelope.create(service, migrationId, causationId, event);
        resend(envelope, event);
        return envelope;
    }

    /** Publishes {@code event} again with the same envelope, as a redelivery or replay would. */
    public void resend(EventEnvelope envelope, HostmoveEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(EventCatalog.topicOf(event.getClass()), null,
                envelope.key(), CloudEventCodec.toJson(event), CloudEventCodec.toHeaders(envelope));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + envelope.type(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
