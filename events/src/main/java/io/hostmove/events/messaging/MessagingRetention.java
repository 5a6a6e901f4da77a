package io.hostmove.events.messaging;

import io.hostmove.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the outbox and the processed-event table from growing for ever: events sent longer ago than their retention,
 * and records of events processed longer ago than theirs, are deleted a bounded batch at a time. Unsent events are
 * never touched, and no processed-event record goes while a Hostmove topic may still deliver its event again.
 */
@ApplicationScoped
public class MessagingRetention {

    private static final Logger LOG = Logger.getLogger(MessagingRetention.class);
    /** Rows deleted per statement, so that no purge holds many row locks at once. */
    private static final int BATCH = 5_000;

    @Inject
    MessagingConfig config;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private ScheduledExecutorService timer;
    /** The processed-event retention last reported as longer than the configured one, so that it is said once. */
    private volatile String reported;

    /** What one purge deleted, and how long it kept processed-event records (empty: for ever). */
    public record Purged(long sentEvents, long processedEvents, Optional<Duration> processedKept) {
    }

    /** The Kafka topics could not be described; the purge waits for its next turn. */
    public static class KafkaUnreadableException extends Exception {
        KafkaUnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How long a topic may hold an event: its retention, and a segment's age, since only whole segments go. */
    record TopicRetention(String topic, Duration retention, Duration segment) {

        /** Kafka's retention.ms of -1: the topic keeps its events for ever. */
        boolean forever() {
            return retention.isNegative();
        }

        Duration longest() {
            return retention.plus(segment);
        }
    }

    /**
     * How long processed-event records must be kept: the configured retention, or longer while a topic may still
     * deliver an event processed that long ago; empty while one keeps its events for ever.
     */
    static Optional<Duration> keepProcessedFor(Duration configured, Collection<TopicRetention> topics) {
        Duration keep = configured;
        for (TopicRetention topic : topics) {
            if (topic.forever()) {
                return Optional.empty();
            }
            if (topic.longest().compareTo(keep) > 0) {
                keep = topic.longest();
            }
        }
        return Optional.of(keep);
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "messaging-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(this::purgeLogged, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Deletes what is past its retention now; nothing while the topics' retention cannot be read from Kafka. */
    public Purged purge() throws SQLException, KafkaUnreadableException {
        List<TopicRetention> topics = topicRetentions();
        Optional<Duration> keepProcessed = keepProcessedFor(config.processedEventRetention(), topics);
        reportIfLonger(keepProcessed, topics);
        Instant now = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            long sent = deleteBefore(connection, """
                    delete from outbox_message where seq in (
                        select seq from outbox_message where sent_at < ? limit ?)""",
                    now.minus(config.sentEventRetention()));
            long processed = 0;
            if (keepProcessed.isPresent()) {
                processed = deleteBefore(connection, """
                        delete from processed_event where event_id in (
                            select event_id from processed_event where processed_at < ? limit ?)""",
                        now.minus(keepProcessed.get()));
            }
            return new Purged(sent, processed, keepProcessed);
        }
    }

    private List<TopicRetention> topicRetentions() throws KafkaUnreadableException {
        try (Admin admin = TopicCreator.admin(bootstrapServers)) {
            // A topic not created yet holds no event to deliver again.
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<ConfigResource> resources = Topics.ALL.stream().filter(existing::contains)
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(15, TimeUnit.SECONDS);
            return configs.entrySet().stream().map(entry -> new TopicRetention(entry.getKey().name(),
                    millis(entry.getValue(), TopicConfig.RETENTION_MS_CONFIG),
                    millis(entry.getValue(), TopicConfig.SEGMENT_MS_CONFIG))).toList();
        } catch (ExecutionException e) {
            throw new KafkaUnreadableException("Kafka at " + bootstrapServers + " did not describe the topics: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnreadableException("Kafka at " + bootstrapServers + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreadableException("interrupted while asking Kafka at " + bootstrapServers, e);
        }
    }

    private static Duration millis(Config config, String name) {
        return Duration.ofMillis(Long.parseLong(config.get(name).value()));
    }

    private void reportIfLonger(Optional<Duration> keepProcessed, List<TopicRetention> topics) {
        String kept = kept(keepProcessed);
        String configured = days(config.processedEventRetention());
        boolean longer = keepProcessed.map(keep -> keep.compareTo(config.processedEventRetention()) > 0).orElse(true);
        if (longer && !kept.equals(reported)) {
            // The topic that decided it: one that keeps events for ever, or the one that keeps them longest.
            TopicRetention topic = topics.stream().filter(TopicRetention::forever).findFirst()
                    .orElseGet(() -> topics.stream().max(Comparator.comparing(TopicRetention::longest)).orElseThrow());
            String holds = topic.forever() ? "keeps its events for ever (retention.ms -1)"
                    : "may hold an event for " + days(topic.longest()) + " (retention.ms plus segment.ms)";
            LOG.warnf("topic %s %s: processed-event records are kept %s instead of %s, so that a redelivered event "
                    + "is still recognised; set hostmove.messaging.processed-event-retention above the topics' "
                    + "retention to say so in the configuration", topic.topic(), holds, kept, configured);
        }
        reported = longer ? kept : null;
    }

    private static String kept(Optional<Duration> keepProcessed) {
        return keepProcessed.map(MessagingRetention::days).orElse("for ever");
    }

    private void purgeLogged() {
        try {
            Purged purged = purge();
            if (purged.sentEvents() + purged.processedEvents() > 0) {
                LOG.infof("deleted %d sent outbox event(s) older than %s and %d processed-event record(s) older "
                        + "than %s", purged.sentEvents(), days(config.sentEventRetention()),
                        purged.processedEvents(), kept(purged.processedKept()));
            }
        } catch (SQLException | KafkaUnreadableException | RuntimeException e) {
            // The next turn tries again; nothing is lost by waiting.
            LOG.warnf("could not delete old outbox and processed-event records, trying again in %s: %s",
                    config.purgeInterval(), e.getMessage());
        }
    }

    private static long deleteBefore(Connection connection, String sql, Instant before) throws SQLException {
        long total = 0;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(before));
            delete.setInt(2, BATCH);
            for (int deleted = delete.executeUpdate(); deleted > 0; deleted = delete.executeUpdate()) {
                total += deleted;
            }
        }
        return total;
    }

    private static String days(Duration retention) {
        return retention.toHoursPart() == 0 ? retention.toDays() + " days" : retention.toHours() + " hours";
    }
}
