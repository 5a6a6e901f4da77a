package io.hostmove.events.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.MalformedEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Turns a consumed Kafka record into an event to act on, at most once per event id. */
@ApplicationScoped
public class IncomingEvents {

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    @Inject
    Inbox inbox;

    /**
     * Decodes {@code record} and claims it in the current transaction.
     *
     * @return the event, or empty when it was processed before or is not a Hostmove event (logged, skipped)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DecodedEvent> accept(ConsumerRecord<String, String> record) {
        DecodedEvent event;
        try {
            event = CloudEventCodec.decode(record.headers(), record.value());
        } catch (MalformedEventException e) {
            // A record no one can read must not block the partition behind it.
            LOG.errorf("skipping record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
        if (!inbox.claim(event.envelope())) {
            LOG.debugf("event %s already processed, ignoring the redelivery", event.envelope().id());
            return Optional.empty();
        }
        return Optional.of(event);
    }
}
