package io.hostmove.events.messaging;

import io.hostmove.events.Service;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a service publishes and creates Hostmove topics. */
@ConfigMapping(prefix = "hostmove.messaging")
public interface MessagingConfig {

    /** The service this process is; the CloudEvents source of what it publishes. */
    Service service();

    /** Partitions of each Hostmove topic when this service creates it. */
    @WithDefault("3")
    int partitions();

    /** Replication factor of each Hostmove topic when this service creates it. */
    @WithDefault("1")
    short replicationFactor();

    /** Create missing Hostmove topics at start-up. */
    @WithDefault("true")
    boolean createTopics();

    /** How often the outbox relay looks for unsent events when nothing woke it. */
    @WithDefault("1s")
    Duration relayPollInterval();

    /** Most events the relay has sent and not yet recorded as sent (acknowledged or not). */
    @WithDefault("200")
    int relayBatchSize();

    /** Longest the relay waits for the broker to acknowledge an event before it sends the event again. */
    @WithDefault("5m")
    Duration relayAckTimeout();

    /** How long a consumed record may keep failing to apply before readiness reports its consumer stuck. */
    @WithDefault("60s")
    Duration stuckAfter();

    /** How long a sent event stays in the outbox (for an operator to look back at) before it is deleted. */
    @WithDefault("168h")
    Duration sentEventRetention();

    /**
     * How long the record of a processed event is kept at least, to recognise its redelivery; longer while a Hostmove
     * topic may still hold the event (its retention.ms plus segment.ms), for ever while one keeps events for ever.
     */
    @WithDefault("720h")
    Duration processedEventRetention();

    /** How often sent events and processed-event records past their retention are deleted. */
    @WithDefault("1h")
    Duration purgeInterval();
}
