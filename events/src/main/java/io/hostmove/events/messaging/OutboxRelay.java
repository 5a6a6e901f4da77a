package io.hostmove.events.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventEnvelope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes committed outbox rows in commit order and marks them sent once the broker acknowledged them.
 *
 * <p>The relay sends a row as soon as its transaction has committed and does not wait for the broker before it
 * sends the next ones: the acknowledged rows are marked sent in one statement on the next turn. A row sent but not
 * yet marked is not sent again unless the broker refused it or did not acknowledge it in time; after a crash such a
 * row goes out again, which the consumers' processed-event tables absorb. While the broker is away the rows simply
 * wait; the producer retries without a delivery deadline, so the events of one migration reach their partition in
 * order.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The outgoing channel; the topic of each record comes from its outbox row. */
    public static final String CHANNEL = "hostmove-outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Any constant works; it only has to be the same in every instance of the service. */
    private static final long RELAY_LOCK = 0x686f73746d6f7665L;

    private static final String UNSENT = """
            select seq, event_id, topic, event_type, source, migration_id, causation_id, occurred_at,
                   schema_version, payload
            from outbox_message where sent_at is null and seq <> all(?) order by seq limit ?""";

    @Inject
    MessagingConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    Emitter<String> emitter;

    private final Semaphore wakeUp = new Semaphore(0);
    /** Rows handed to the producer and not yet marked sent: seq -> System.nanoTime() of the send. */
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Long> refused = new ConcurrentLinkedQueue<>();
    /** Rows handed to the producer and not yet answered by it. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService worker;

    void start(@Observes StartupEvent event) {
        running = true;
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        worker.submit(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release();
        worker.shutdownNow();
    }

    /** Publish soon: a transaction with outbox rows committed. */
    public void wake() {
        wakeUp.release();
    }

    private void run() {
        long pollMillis = config.relayPollInterval().toMillis();
        long backoffMillis = pollMillis;
        while (running) {
            // The session's advisory lock makes this the only relay of the database while its connection lives.
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                if (!tryLock(connection)) {
                    awaitWakeUp(pollMillis);
                    continue;
                }
                relay(connection);
                markAcknowledged(connection);
                backoffMillis = pollMillis;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("outbox relay could not reach its database, retrying in %d ms: %s", backoffMillis,
                        e.getMessage());
                if (!sleep(backoffMillis)) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 30_000);
            }
        }
    }

    /** Sends and marks rows until the service stops or the connection fails. */
    private void relay(Connection connection) throws SQLException, InterruptedException {
        long pollMillis = config.relayPollInterval().toMillis();
        long refusedBackoffMillis = pollMillis;
        while (running) {
            if (retryRefusedAndOverdue()) {
                // A refusing broker is asked again later, not in a tight loop.
                Thread.sleep(refusedBackoffMillis);
                refusedBackoffMillis = Math.min(refusedBackoffMillis * 2, 30_000);
            } else {
                refusedBackoffMillis = pollMillis;
            }
            // New rows first: a commit that woke the relay does not wait for the marks of earlier ones.
            int sent = sendCommitted(connection);
            int marked = markAcknowledged(connection);
            if (sent == 0 && marked == 0) {
                awaitWakeUp(pollMillis);
            }
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Sends the committed rows not yet in flight, oldest first; returns how many. */
    private int sendCommitted(Connection connection) throws SQLException {
        int room = config.relayBatchSize() - inFlight.size();
        if (room <= 0) {
            return 0;
        }
        int sent = 0;
        try (PreparedStatement select = connection.prepareStatement(UNSENT)) {
            select.setArray(1, connection.createArrayOf("bigint", inFlight.keySet().toArray()));
            select.setInt(2, room);
            try (ResultSet rows = select.executeQuery()) {
                // The query left the rows in flight out, and only this thread adds to them.
                while (rows.next()) {
                    long seq = rows.getLong("seq");
                    inFlight.put(seq, System.nanoTime());
                    send(seq, rows);
                    sent++;
                }
            }
        }
        return sent;
    }

    /** Marks the acknowledged rows sent in one statement; returns how many. */
    private int markAcknowledged(Connection connection) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        for (Long seq = acknowledged.poll(); seq != null; seq = acknowledged.poll()) {
            seqs.add(seq);
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        try (PreparedStatement mark = connection.prepareStatement(
                "update outbox_message set sent_at = now() where seq = any(?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            acknowledged.addAll(seqs);
            throw e;
        }
        seqs.forEach(inFlight::remove);
        return seqs.size();
    }

    /** Lets refused rows and rows unacknowledged past the deadline be sent again; true if there were any. */
    private boolean retryRefusedAndOverdue() {
        boolean any = false;
        for (Long seq = refused.poll(); seq != null; seq = refused.poll()) {
            inFlight.remove(seq);
            any = true;
        }
        long overdue = System.nanoTime() - config.relayAckTimeout().toNanos();
        for (Map.Entry<Long, Long> entry : inFlight.entrySet()) {
            if (entry.getValue() - overdue < 0 && !acknowledged.contains(entry.getKey())) {
                LOG.warnf("outbox row %d not acknowledged within %s, sending it again", entry.getKey(),
                        config.relayAckTimeout());
                inFlight.remove(entry.getKey());
                any = true;
            }
        }
        return any;
    }

    private void send(long seq, ResultSet row) throws SQLException {
        UUID eventId = row.getObject("event_id", UUID.class);
        String eventType = row.getString("event_type");
        EventEnvelope envelope = new EventEnvelope(eventId, eventType, row.getString("source"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                row.getObject("migration_id", UUID.class), row.getObject("causation_id", UUID.class),
                row.getInt("schema_version"));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(envelope.key())
                .withHeaders(CloudEventCodec.toHeaders(envelope))
                .build();
        unanswered.incrementAndGet();
        emitter.send(Message.of(row.getString("payload"))
                .addMetadata(metadata)
                .withAck(() -> {
                    acknowledged.add(seq);
                    // Marking is not urgent: under a steady stream the next commit's turn does it, in one statement.
                    if (unanswered.decrementAndGet() <= 0) {
                        wakeUp.release();
                    }
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    LOG.warnf("event %s (%s) not published, will retry: %s", eventId, eventType,
                            failure.getMessage());
                    refused.add(seq);
                    unanswered.decrementAndGet();
                    wakeUp.release();
                    return CompletableFuture.completedFuture(null);
                }));
    }

    private void awaitWakeUp(long millis) throws InterruptedException {
        if (wakeUp.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            wakeUp.drainPermits();
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
