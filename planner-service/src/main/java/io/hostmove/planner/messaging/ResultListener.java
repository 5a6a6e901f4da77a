package io.hostmove.planner.messaging;

import io.hostmove.events.Topics;
import io.hostmove.events.messaging.IncomingEvents;
import io.hostmove.planner.MigrationService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** What the transfer, DNS and notification services report; each event is applied once, in order. */
@ApplicationScoped
public class ResultListener {

    @Inject
    IncomingEvents incoming;

    @Inject
    MigrationService migrations;

    @Incoming(Topics.TRANSFER_RESULTS)
    @Incoming(Topics.DNS_RESULTS)
    @Incoming(Topics.NOTIFICATION_RESULTS)
    @Blocking
    public void onResult(ConsumerRecord<String, String> record) {
        incoming.apply(record, migrations::onEvent);
    }
}
