package io.hostmove.events;

import java.util.List;

/** Every Kafka topic of Hostmove. Records on all of them are keyed by migration id. */
public final class Topics {

    /** Planner: facts about a migration's life (scheduled, advanced, paused, resumed, cancelled, completed, rolled back). */
    public static final String MIGRATION_LIFECYCLE = "hostmove.migration.lifecycle";
    /** Planner to transfer-service: a data step is to start. */
    public static final String TRANSFER_REQUESTS = "hostmove.transfer.requests";
    /** Transfer-service to planner: a data step completed, failed or made progress. */
    public static final String TRANSFER_RESULTS = "hostmove.transfer.results";
    /** Planner to dns-service: a DNS step is to start. */
    public static final String DNS_REQUESTS = "hostmove.dns.requests";
    /** Dns-service to planner: a DNS step completed or failed, or the customer must change records. */
    public static final String DNS_RESULTS = "hostmove.dns.results";
    /** Planner to notification-service: a customer must be told something. */
    public static final String NOTIFICATION_REQUESTS = "hostmove.notification.requests";
    /** Notification-service to planner: an email was sent, or could not be. */
    public static final String NOTIFICATION_RESULTS = "hostmove.notification.results";

    public static final List<String> ALL = List.of(
            MIGRATION_LIFECYCLE,
            TRANSFER_REQUESTS, TRANSFER_RESULTS,
            DNS_REQUESTS, DNS_RESULTS,
            NOTIFICATION_REQUESTS, NOTIFICATION_RESULTS);

    private Topics() {
    }
}
