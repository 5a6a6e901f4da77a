package io.hostmove.notification.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.MigrationLifecycle;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.NotificationResult.CustomerNotificationFailed;
import io.hostmove.events.Topics;
import io.hostmove.events.messaging.AfterCommit;
import io.hostmove.events.messaging.Inbox;
import io.hostmove.events.messaging.IncomingEvents;
import io.hostmove.events.messaging.Outbox;
import io.hostmove.notification.Delivery;
import io.hostmove.notification.Notices;
import io.hostmove.notification.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * Takes each notice request and lifecycle event once (its processed-event record commits with its effect). An event
 * that cannot be applied is recorded as such, and the consumer moves on: one bad event never blocks the others.
 */
@ApplicationScoped
public class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);
    private static final Object WAKE_DELIVERY = new Object();

    @Inject
    IncomingEvents incoming;

    @Inject
    Inbox inbox;

    @Inject
    Notices notices;

    @Inject
    Delivery delivery;

    @Inject
    Outbox outbox;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    EntityManager entityManager;

    // Not ordered: the partitions' batches run in parallel. Applying a migration's notices out of order is safe
    // (appointments carry their event time, the reminder's end is sticky), and each email is due as it arrives.
    @Incoming(Topics.NOTIFICATION_REQUESTS)
    @Blocking(ordered = false)
    public void onRequests(ConsumerRecords<String, String> records) {
        applyAll(records, event -> {
            if (event.payload() instanceof CustomerNoticeRequested notice
                    && notices.request(event.envelope(), notice)) {
                AfterCommit.run(transactions, WAKE_DELIVERY, delivery::wake);
            }
        });
    }

    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Blocking
    public void onLifecycle(ConsumerRecords<String, String> records) {
        applyAll(records, event -> {
            if (event.payload() instanceof MigrationLifecycle lifecycle) {
                notices.lifecycle(event.envelope(), lifecycle);
            }
        });
    }

    /**
     * Applies a polled batch in one transaction (one commit for many events); if anything in it fails, the events
     * are applied one by one, so that one bad event is recorded alone and the others still take effect.
     */
    private void applyAll(ConsumerRecords<String, String> records, Consumer<DecodedEvent> effect) {
        if (records.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (ConsumerRecord<String, String> record : records) {
                    incoming.accept(record).ifPresent(effect);
                    // Keeps the persistence context small: each event reads and writes only its own rows.
                    entityManager.flush();
                    entityManager.clear();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("a batch of %d events failed (%s); applying them one by one", records.count(), e.getMessage());
            for (ConsumerRecord<String, String> record : records) {
                apply(record, effect);
            }
        }
    }

    /** Applies one event; a failure of the event's own (not the database's) is recorded and the consumer goes on. */
    private void apply(ConsumerRecord<String, String> record, Consumer<DecodedEvent> effect) {
        try {
            // While the database is away the event waits for it: it is neither sent nor recorded as not applied.
            incoming.apply(record, effect, IncomingEvents::mayPass);
        } catch (RuntimeException e) {
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            LOG.errorf(e, "could not apply %s; recording it as not applied", where);
            // A failure that happens again on every redelivery must not stop the consumer: record it and move on.
            incoming.inTransaction(where + " as not applied", IncomingEvents::mayPass,
                    () -> notApplied(record, e));
        }
    }

    private void notApplied(ConsumerRecord<String, String> record, RuntimeException failure) {
        DecodedEvent event = CloudEventCodec.decode(record.headers(), record.value());
        if (!inbox.claim(event.envelope())) {
            return;
        }
        String reason = "could not be applied: " + Secrets.scrub(failure.getMessage() == null ? failure.toString()
                : failure.getMessage());
        notices.ignore(event.envelope(), reason);
        if (event.payload() instanceof CustomerNoticeRequested notice) {
            outbox.publish(event.envelope().migrationId(), event.envelope().id(),
                    new CustomerNotificationFailed(notice.kind(), "the notification-service " + reason));
        }
    }
}
