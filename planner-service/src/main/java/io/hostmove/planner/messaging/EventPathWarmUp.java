package io.hostmove.planner.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.EventCatalog;
import io.hostmove.events.EventEnvelope;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.VerificationRequested;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.FinaliseCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.VerificationCompleted;
import io.hostmove.events.messaging.IncomingEvents;
import io.hostmove.events.messaging.OutboxMessage;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.DnsTimings;
import io.hostmove.events.model.TransferStats;
import io.hostmove.planner.MigrationInput;
import io.hostmove.planner.MigrationService;
import io.hostmove.planner.Phase;
import io.hostmove.planner.config.PlannerConfig;
import io.hostmove.planner.inventory.AccountInput;
import io.hostmove.planner.inventory.AccountInput.DatabaseInput;
import io.hostmove.planner.inventory.AccountInput.MailboxInput;
import io.hostmove.planner.inventory.AccountInput.SiteInput;
import io.hostmove.planner.inventory.CustomerInput;
import io.hostmove.planner.inventory.HostInput;
import io.hostmove.planner.inventory.InventoryDocument;
import io.hostmove.planner.inventory.InventoryService;
import io.hostmove.planner.persistence.HostRole;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.persistence.Migration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Before the planner reports ready, walks sample migrations through every phase on the code path real events take
 * (decoding, claiming, the state machine, the timeline, the outbox), each in a transaction that is rolled back:
 * the first customers of a fresh deployment meet compiled code and prepared queries, and nothing of the walk stays
 * in the database or reaches a topic.
 */
@Readiness
@ApplicationScoped
public class EventPathWarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(EventPathWarmUp.class);
    private static final String NAME = "Planner event path warm-up";
    private static final List<String> LANGUAGES = List.of("nb", "de", "en", "fr");
    private static final TransferStats STATS = new TransferStats(1, 1, 1, 1);
    /** More steps than a migration's whole forward path has: a walk that needs them is stuck. */
    private static final int MOST_STEPS = 40;

    @Inject
    PlannerConfig config;

    @Inject
    InventoryService inventory;

    @Inject
    MigrationService migrations;

    @Inject
    IncomingEvents incoming;

    private volatile int walked;
    private volatile Phase reached;
    private volatile boolean finished;
    private volatile Duration took;

    void start(@Observes StartupEvent event) {
        Thread thread = new Thread(this::run, "planner-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        try {
            for (int round = 0; round < config.warmUpMigrations(); round++) {
                String language = LANGUAGES.get(round % LANGUAGES.size());
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        throw new Walked(walk(language));
                    });
                } catch (Walked done) {
                    reached = done.phase;
                }
                walked = round + 1;
            }
            took = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof("event path warmed up: %d sample migrations walked to %s in %d ms, none kept", walked,
                    reached, took.toMillis());
        } catch (RuntimeException e) {
            // Real events still work through a cold path; a failed walk only means the first ones are slower.
            LOG.warnf("event path warm-up stopped after %d sample migrations: %s", walked, e.getMessage());
        } finally {
            finished = true;
        }
    }

    /** Ends a walk's transaction by rolling it back, with the phase the sample migration reached. */
    private static final class Walked extends RuntimeException {
        private final Phase phase;

        Walked(Phase phase) {
            super(null, null, false, false);
            this.phase = phase;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(finished)
                .withData("migrationsWalked", walked)
                .withData("phaseReached", reached == null ? "none" : reached.name())
                .withData("millis", took == null ? -1 : took.toMillis())
                .build();
    }

    /** One sample migration from planning to completion, each step request answered as its service would. */
    private Phase walk(String language) {
        String tag = "warm-up-" + UUID.randomUUID();
        HostingAccount account = inventory.importAll(sample(tag, language)).get(0);
        Migration migration = migrations.create(account.id,
                Instant.now().plus(config.minimumLeadTime()).plus(Duration.ofDays(1)));
        Set<UUID> answered = new HashSet<>();
        for (int step = 0; step < MOST_STEPS; step++) {
            // Its rows are never sent: the unsent-rows index finds them however large the outbox has grown.
            List<OutboxMessage> published = OutboxMessage.list("sentAt is null and migrationId = ?1 order by seq",
                    migration.id);
            int before = answered.size();
            for (OutboxMessage message : published) {
                if (answered.add(message.eventId)) {
                    answer(message).ifPresent(record -> incoming.accept(record).ifPresent(migrations::onEvent));
                }
            }
            // The same managed instance the service's transitions change: its phase is current.
            Phase phase = migration.phase;
            if (phase == Phase.COMPLETED) {
                return phase;
            }
            if (answered.size() == before) {
                // Nothing left to answer: the walk waits for one of the planner's timers, fired here at once.
                migrations.timerFired(migration.id, phase == Phase.AFTERCARE ? new MigrationInput.AftercareEnded()
                        : new MigrationInput.AppointmentReached());
            }
        }
        throw new IllegalStateException("sample migration " + migration.id + " stuck in " + migration.phase);
    }

    /** What the service asked would publish back, as the record the planner's consumer would receive. */
    private static Optional<ConsumerRecord<String, String>> answer(OutboxMessage message) {
        HostmoveEvent request;
        try {
            request = CloudEventCodec.json().readValue(message.payload, EventCatalog.classOf(message.eventType));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the planner's own " + message.eventType + " is not its JSON", e);
        }
        return answerTo(request).map(result -> {
            String topic = EventCatalog.topicOf(result.getClass());
            EventEnvelope envelope = EventEnvelope.create(EventCatalog.publisherOf(result.getClass()),
                    message.migrationId, message.eventId, result);
            String value = CloudEventCodec.toJson(result);
            return new ConsumerRecord<>(topic, 0, 0, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                    envelope.key().length(), value.length(), envelope.key(), value,
                    CloudEventCodec.toHeaders(envelope), Optional.empty());
        });
    }

    /** The completion a service would report for {@code request}, made up; empty for an event that has none. */
    public static Optional<HostmoveEvent> answerTo(HostmoveEvent request) {
        Instant now = Instant.now();
        HostmoveEvent result = null;
        if (request instanceof InventoryRequested) {
            result = new InventoryCompleted(2, 2, 1, 1, 1, List.of());
        } else if (request instanceof DnsInspectionRequested inspect) {
            String apex = inspect.target().domains().get(0) + ".";
            result = new DnsInspectionCompleted(List.of(new DnsRecordChange(apex, apex, "A", 300,
                    inspect.target().oldIpv4(), inspect.target().newIpv4())), List.of(), 300, List.of());
        } else if (request instanceof TtlPreparationRequested) {
            result = new TtlLowered(300, now);
        } else if (request instanceof PreCopyRequested) {
            result = new PreCopyCompleted(STATS);
        } else if (request instanceof CutoverRequested) {
            result = new CutoverCompleted(1, STATS, List.of());
        } else if (request instanceof DnsSwitchRequested) {
            result = new DnsSwitchCompleted(List.of(), List.of("ns1.warm-up.invalid"), new DnsTimings(now, now, now));
        } else if (request instanceof VerificationRequested) {
            result = new VerificationCompleted(List.of("warm-up"));
        } else if (request instanceof FinaliseRequested) {
            result = new FinaliseCompleted();
        } else if (request instanceof CustomerNoticeRequested notice) {
            result = new CustomerNotified(notice.kind(), "<" + UUID.randomUUID() + "@warm-up.invalid>");
        }
        return Optional.ofNullable(result);
    }

    /** One customer with a site, a database and a mailbox between an old and a new host, named after {@code tag}. */
    private static InventoryDocument sample(String tag, String language) {
        String fingerprint = "SHA256:" + "A".repeat(43);
        String domain = tag + ".invalid";
        return new InventoryDocument(
                List.of(new CustomerInput(tag, "Warm-up", "warm-up@" + domain, language, "Europe/Oslo")),
                List.of(new HostInput(tag + "-old", HostRole.OLD, "127.0.0.1", 22, "root", fingerprint,
                                "192.0.2.1", null),
                        new HostInput(tag + "-new", HostRole.NEW, "127.0.0.1", 22, "root", fingerprint,
                                "192.0.2.2", null)),
                List.of(new AccountInput(tag, tag + "-old", tag + "-new", "warmup", "/home/warmup", null,
                        List.of(new SiteInput(domain, List.of(), "/home/warmup/public_html")),
                        List.of(new DatabaseInput("mariadb", "warmup", "warmup")),
                        List.of(new MailboxInput("info@" + domain, "/home/warmup/Maildir/info")), null)));
    }
}
