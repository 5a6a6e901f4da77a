package io.hostmove.transfer.messaging;

import io.hostmove.events.Topics;
import io.hostmove.events.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Receives the planner's transfer requests; the data work itself arrives with the transfer issue. */
@ApplicationScoped
public class TransferRequestListener {

    private static final Logger LOG = Logger.getLogger(TransferRequestListener.class);

    @Inject
    IncomingEvents incoming;

    @Incoming(Topics.TRANSFER_REQUESTS)
    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Transactional
    public void onEvent(ConsumerRecord<String, String> record) {
        incoming.accept(record).ifPresent(event -> LOG.infof("received %s for migration %s",
                event.envelope().type(), event.envelope().migrationId()));
    }
}
