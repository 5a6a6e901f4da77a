package io.hostmove.events.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DecodedEvent;
import io.hostmove.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Turns a consumed Kafka record into an event to act on, at most once per event id. */
@ApplicationScoped
public class IncomingEvents {

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    static final String WAITED = "hostmove.event.wait";
    static final String APPLIED = "hostmove.event.apply";
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long LONGEST_PAUSE_MILLIS = 30_000;
    /** Connection (08), authorization (28), resources (53), operator intervention (57), deadlock, serialization. */
    private static final List<String> PASSING_STATES = List.of("08", "28", "53", "57", "40001", "40P01");

    @Inject
    Inbox inbox;

    @Inject
    @Readiness
    ConsumerHealth health;

    @Inject
    MeterRegistry meters;

    /**
     * Decodes, claims and applies {@code record} in a transaction of its own. While that fails (the database
     * unreachable, a deadlock, a restart of PostgreSQL) it is tried again after a growing pause, up to 30 s: the
     * record's partition waits, and the event is neither lost nor skipped, nor applied twice. A failure that never
     * passes holds its partition, with a warning naming the record each time.
     */
    public void apply(ConsumerRecord<String, String> record, Consumer<DecodedEvent> effect) {
        apply(record, effect, failure -> true);
    }

    /**
     * As {@link #apply(ConsumerRecord, Consumer)}, but a failure {@code retry} refuses is thrown at once. Times
     * each record per topic: {@code hostmove.event.wait} from its producer to here, {@code hostmove.event.apply}
     * until it was applied (retries included), the two parts of a hand-off on the consumer's side.
     */
    public void apply(ConsumerRecord<String, String> record, Consumer<DecodedEvent> effect,
                      Predicate<RuntimeException> retry) {
        long started = System.nanoTime();
        timer(WAITED, "from the record's producer timestamp until its consumer began to apply it", record)
                .record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
        try {
            inTransaction(record.topic() + "-" + record.partition() + "@" + record.offset(), retry,
                    () -> accept(record).ifPresent(effect));
        } finally {
            timer(APPLIED, "applying a consumed record, retries included", record)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String name, String description, ConsumerRecord<String, String> record) {
        return Timer.builder(name).description(description).tag("topic", record.topic())
                .publishPercentileHistogram().register(meters);
    }

    /**
     * Runs {@code work} in a transaction of its own, and again after a growing pause (up to 30 s) for as long as
     * it fails with a failure {@code retry} accepts; any other failure is thrown. While it keeps failing, readiness
     * says so ({@link ConsumerHealth}).
     *
     * @param what names the work in the log, e.g. the record
     */
    public void inTransaction(String what, Predicate<RuntimeException> retry, Runnable work) {
        try {
            retryInTransaction(what, retry, work);
        } finally {
            health.settled(what);
        }
    }

    private void retryInTransaction(String what, Predicate<RuntimeException> retry, Runnable work) {
        long pauseMillis = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                if (attempt > 1) {
                    LOG.infof("applied %s at attempt %d", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (!retry.test(e)) {
                    throw e;
                }
                LOG.warnf("could not apply %s (attempt %d), trying again in %d ms: %s", what, attempt, pauseMillis,
                        causes(e));
                health.failed(what, attempt, causes(e));
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped while waiting to apply " + what + " again", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    /**
     * True for a failure that passes without anybody changing the event: the database unreachable, restarting or
     * refusing the service's login, out of connections, a deadlock or a serialization conflict.
     */
    public static boolean mayPass(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            // A pool that cannot hand out a connection says so without a SQL state.
            if (t instanceof SQLException sql && (sql.getSQLState() == null
                    || PASSING_STATES.stream().anyMatch(sql.getSQLState()::startsWith))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes {@code record} and claims it in the current transaction.
     *
     * @return the event, or empty when it was processed before or is not a Hostmove event (logged, skipped)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DecodedEvent> accept(ConsumerRecord<String, String> record) {
        DecodedEvent event;
        try {
            event = CloudEventCodec.decode(record.headers(), record.value());
        } catch (MalformedEventException e) {
            // A record no one can read must not block the partition behind it.
            LOG.errorf("skipping record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
        if (!inbox.claim(event.envelope())) {
            LOG.debugf("event %s already processed, ignoring the redelivery", event.envelope().id());
            return Optional.empty();
        }
        return Optional.of(event);
    }

    private static String causes(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root.getMessage() + ")";
    }
}
