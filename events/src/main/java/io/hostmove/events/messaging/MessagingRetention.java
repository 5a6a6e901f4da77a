package io.hostmove.events.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the outbox and the processed-event table from growing for ever: events sent longer ago than their retention,
 * and records of events processed longer ago than theirs, are deleted a bounded batch at a time. Unsent events are
 * never touched.
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

    private ScheduledExecutorService timer;

    /** What one purge deleted. */
    public record Purged(long sentEvents, long processedEvents) {
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

    /** Deletes what is past its retention now. */
    public Purged purge() throws SQLException {
        Instant now = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            long sent = deleteBefore(connection, """
                    delete from outbox_message where seq in (
                        select seq from outbox_message where sent_at < ? limit ?)""",
                    now.minus(config.sentEventRetention()));
            long processed = deleteBefore(connection, """
                    delete from processed_event where event_id in (
                        select event_id from processed_event where processed_at < ? limit ?)""",
                    now.minus(config.processedEventRetention()));
            return new Purged(sent, processed);
        }
    }

    private void purgeLogged() {
        try {
            Purged purged = purge();
            if (purged.sentEvents() + purged.processedEvents() > 0) {
                LOG.infof("deleted %d sent outbox event(s) older than %s and %d processed-event record(s) older "
                        + "than %s", purged.sentEvents(), days(config.sentEventRetention()),
                        purged.processedEvents(), days(config.processedEventRetention()));
            }
        } catch (SQLException | RuntimeException e) {
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
        return retention.toDays() + " days";
    }
}
