package io.hostmove.dns.messaging;

import io.hostmove.events.Topics;
import io.hostmove.events.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Receives the planner's DNS requests; the DNS work itself arrives with the DNS issue. */
@ApplicationScoped
public class DnsRequestListener {

    private static final Logger LOG = Logger.getLogger(DnsRequestListener.class);

    @Inject
    IncomingEvents incoming;

    @Incoming(Topics.DNS_REQUESTS)
    @Incoming(Topics.MIGRATION_LIFECYCLE)
    @Transactional
    public void onEvent(ConsumerRecord<String, String> record) {
        incoming.accept(record).ifPresent(event -> LOG.infof("received %s for migration %s",
                event.envelope().type(), event.envelope().migrationId()));
    }
}
