package io.hostmove.events.messaging;

import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.EventEnvelope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox rows in commit order and marks them sent once the broker acknowledged them.
 * While the broker is away the rows simply wait; the producer retries without a delivery deadline, so the
 * events of one migration reach their partition in order.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The outgoing channel; the topic of each record comes from its outbox row. */
    public static final String CHANNEL = "hostmove-outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Any constant works; it only has to be the same in every instance of the service. */
    private static final long RELAY_LOCK = 0x686f73746d6f7665L;

    @Inject
    MessagingConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    Emitter<String> emitter;

    private final Semaphore wakeUp = new Semaphore(0);
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
        long backoffMillis = config.relayPollInterval().toMillis();
        while (running) {
            try {
                int published = drainOnce();
                backoffMillis = config.relayPollInterval().toMillis();
                if (published == 0 || published < config.relayBatchSize()) {
                    awaitWakeUp(backoffMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay could not publish, retrying in %d ms: %s", backoffMillis, e.getMessage());
                try {
                    awaitWakeUp(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 30_000);
            }
        }
    }

    private void awaitWakeUp(long millis) throws InterruptedException {
        if (wakeUp.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            wakeUp.drainPermits();
        }
    }

    /** Publishes one batch; returns how many rows it marked sent. */
    int drainOnce() throws InterruptedException {
        int timeoutSeconds = (int) config.relayAckTimeout().toSeconds() + 30;
        return QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(this::publishBatch);
    }

    private int publishBatch() throws InterruptedException {
        // One relay per database at a time keeps the commit order even with several service instances.
        Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<OutboxMessage> batch = OutboxMessage.<OutboxMessage>find("sentAt is null order by seq")
                .page(0, config.relayBatchSize()).list();
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage row : batch) {
            acks.add(send(row));
        }
        long deadline = System.nanoTime() + config.relayAckTimeout().toNanos();
        int sent = 0;
        Instant now = Instant.now();
        for (int i = 0; i < batch.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                batch.get(i).sentAt = now;
                sent++;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("event %s (%s) not yet published, will retry: %s", batch.get(i).eventId,
                        batch.get(i).eventType, e.getCause() == null ? e : e.getCause().getMessage());
            }
        }
        return sent;
    }

    private CompletableFuture<Void> send(OutboxMessage row) {
        EventEnvelope envelope = new EventEnvelope(row.eventId, row.eventType, row.source, row.occurredAt,
                row.migrationId, row.causationId, row.schemaVersion);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(envelope.key())
                .withHeaders(CloudEventCodec.toHeaders(envelope))
                .build();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(Message.of(row.payload)
                .addMetadata(metadata)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }
}
