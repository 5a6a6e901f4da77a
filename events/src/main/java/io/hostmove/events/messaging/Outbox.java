package io.hostmove.events.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.UUID;

/** Records events in the caller's transaction; they are published only if, and after, it commits. */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_REGISTERED = new Object();

    @Inject
    MessagingConfig config;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * Adds {@code event} to the outbox of the current transaction.
     *
     * @param causationId the event that caused this one, or null for an operator's or a timer's action
     * @return the envelope the event will be published with
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(UUID migrationId, UUID causationId, HostmoveEvent event) {
        EventEnvelope envelope = EventEnvelope.create(config.service(), migrationId, causationId, event);
        OutboxMessage message = new OutboxMessage();
        message.eventId = envelope.id();
        message.topic = EventCatalog.topicOf(event.getClass());
        message.eventType = envelope.type();
        message.source = envelope.source();
        message.migrationId = migrationId;
        message.causationId = causationId;
        message.occurredAt = envelope.time();
        message.schemaVersion = envelope.schemaVersion();
        message.payload = CloudEventCodec.toJson(event);
        message.persist();
        wakeRelayAfterCommit();
        return envelope;
    }

    private void wakeRelayAfterCommit() {
        AfterCommit.run(transactions, WAKE_REGISTERED, relay::wake);
    }
}
