package io.hostmove.events.messaging;

import io.hostmove.events.messaging.MessagingRetention.TopicRetention;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Processed-event records are kept as configured, and longer while a topic may still deliver their events. */
class MessagingRetentionTest {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void topics_with_kafkas_default_retention_leave_the_configured_retention() {
        assertThat(MessagingRetention.keepProcessedFor(THIRTY_DAYS, List.of(
                new TopicRetention("hostmove.dns.results", WEEK, WEEK),
                new TopicRetention("hostmove.transfer.results", WEEK, WEEK)))).contains(THIRTY_DAYS);
    }

    @Test
    void a_topic_that_keeps_events_longer_keeps_the_records_until_its_oldest_segment_can_go() {
        assertThat(MessagingRetention.keepProcessedFor(THIRTY_DAYS, List.of(
                new TopicRetention("hostmove.dns.results", WEEK, WEEK),
                new TopicRetention("hostmove.transfer.results", Duration.ofDays(60), Duration.ofDays(1)))))
                .contains(Duration.ofDays(61));
    }

    @Test
    void a_topic_that_keeps_events_for_ever_keeps_every_record() {
        assertThat(MessagingRetention.keepProcessedFor(THIRTY_DAYS, List.of(
                new TopicRetention("hostmove.transfer.results", WEEK, WEEK),
                new TopicRetention("hostmove.migration.lifecycle", Duration.ofMillis(-1), WEEK)))).isEmpty();
    }
}
