package io.hostmove.notification;

import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationResult.CustomerNotificationFailed;
import io.hostmove.events.NotificationResult.CustomerNotified;
import io.hostmove.events.messaging.Outbox;
import io.hostmove.notification.config.NotificationConfig;
import io.hostmove.notification.persistence.KnownMigration;
import io.hostmove.notification.persistence.Notification;
import io.hostmove.notification.persistence.Notification.State;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends what is due, each email once: record the intent (SENDING, with its Message-ID) and commit, record the
 * hand-over of each email and commit, hand it to the SMTP server, then record the answer with its event in one
 * transaction (which also claims the next email). After a crash, {@link #sweep()} decides from the record: an email
 * claimed but never handed over goes back to PENDING and out; one handed over without a recorded answer may or may
 * not have gone out, so it is marked UNCERTAIN and never sent again. Temporary failures wait in PENDING with a
 * growing back-off, in the database, so a restart keeps them.
 */
@ApplicationScoped
public class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    @Inject
    NotificationConfig config;

    @Inject
    Letters letters;

    @Inject
    ReactiveMailer mailer;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    /** This process; rows it is sending carry it, so another instance can tell them from a crashed one's. */
    private final UUID instance = UUID.randomUUID();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService workers;
    private RateLimit rateLimit;

    /** An email claimed for sending, with everything needed to send it outside any transaction. */
    record Claimed(UUID id, Mail mail) {
    }

    /**
     * What became of one claimed email: handed over and accepted ({@code failure} null), refused or not delivered
     * ({@code failure}), or not handed over at all because the service is stopping ({@code attempted} false).
     */
    record Outcome(UUID id, boolean attempted, SmtpFailure failure) {
    }

    void start(@Observes StartupEvent event) {
        rateLimit = new RateLimit(config.delivery().ratePerSecond());
        markInterrupted();
        running = true;
        int count = config.delivery().workers();
        workers = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "notification-delivery");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < count; i++) {
            workers.submit(this::work);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release(config.delivery().workers());
        workers.shutdown();
        try {
            // Let an email being handed over get its answer recorded, rather than leave it UNCERTAIN.
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** New emails were committed. */
    public void wake() {
        wakeUp.release(config.delivery().workers());
    }

    private void work() {
        List<Outcome> previous = List.of();
        while (running || !previous.isEmpty()) {
            try {
                List<Outcome> toRecord = previous;
                List<Claimed> next = QuarkusTransaction.requiringNew().call(() -> {
                    record(toRecord);
                    return running ? claimDue() : List.<Claimed>of();
                });
                previous = List.of();
                if (!next.isEmpty()) {
                    previous = send(next);
                } else if (running && wakeUp.tryAcquire(config.delivery().pollInterval().toMillis(),
                        TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf("delivery could not record or claim emails, trying again: %s", e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(config.delivery().pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Claims up to {@code batch-size} due emails, writes them and records the intent for each (SENDING, with the
     * Message-ID) in one transaction; rows that cannot or need not be sent are settled on the way.
     */
    private List<Claimed> claimDue() {
        @SuppressWarnings("unchecked")
        List<Notification> due = entityManager.createNativeQuery("""
                select * from notification
                where state in ('SCHEDULED', 'PENDING') and due_at <= now()
                order by due_at
                limit ?1
                for update skip locked""", Notification.class)
                .setParameter(1, config.delivery().batchSize()).getResultList();
        List<Claimed> claimed = new ArrayList<>(due.size());
        for (Notification row : due) {
            try {
                prepare(row).ifPresent(claimed::add);
            } catch (RuntimeException e) {
                // A row that cannot even be read must not stop every worker on every poll: settle it, reported.
                fail(row, "the stored notice could not be read (" + Secrets.scrub(String.valueOf(e.getMessage()))
                        + "); ask for the notice again");
            }
        }
        return claimed;
    }

    /**
     * Hands the claimed emails to the SMTP server, over the mailer's pooled connections at once (within the rate
     * limit), and waits for every answer; stops handing over when the service stops.
     */
    private List<Outcome> send(List<Claimed> claimed) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(claimed.size());
        List<CompletableFuture<Outcome>> answers = new ArrayList<>(claimed.size());
        List<UUID> asked = new ArrayList<>(claimed.size());
        Duration answerTimeout = config.delivery().answerTimeout();
        int next = 0;
        while (next < claimed.size()) {
            if (!running) {
                claimed.subList(next, claimed.size()).forEach(email -> outcomes.add(new Outcome(email.id(), false, null)));
                break;
            }
            rateLimit.acquire();
            // Without a rate limit the rest of the batch goes at once, so one mark covers all of it.
            List<Claimed> going = claimed.subList(next, rateLimit.unlimited() ? claimed.size() : next + 1);
            next += going.size();
            Set<UUID> held = markHanded(going.stream().map(Claimed::id).toList());
            for (Claimed email : going) {
                if (!held.contains(email.id())) {
                    // A sweep took it back from this process as interrupted (it was too slow): another will send it.
                    outcomes.add(new Outcome(email.id(), false, null));
                    continue;
                }
                asked.add(email.id());
                answers.add(mailer.send(email.mail())
                        // A server that stops answering must not hold this worker, and the emails behind it, for ever.
                        .ifNoItem().after(answerTimeout).failWith(() -> new TimeoutException("no answer in "
                                + answerTimeout.toSeconds() + " s"))
                        // The server closed a pooled connection it found idle: nothing was accepted, a new one sends.
                        .onFailure(SmtpFailure::closingChannel).retry().atMost(1)
                        .map(ignored -> new Outcome(email.id(), true, null))
                        .onFailure().recoverWithItem(e -> new Outcome(email.id(), true, SmtpFailure.of(e)))
                        .subscribeAsCompletionStage());
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            try {
                outcomes.add(answers.get(i).get());
            } catch (ExecutionException e) {
                outcomes.add(new Outcome(asked.get(i), true, SmtpFailure.of(e)));
            }
        }
        return outcomes;
    }

    /** Commits the hand-over of claimed emails before it happens: those this process still holds the claim of. */
    private Set<UUID> markHanded(List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> held = entityManager.createNativeQuery("""
                            update notification set handed_at = now()
                            where id in (:ids) and state = 'SENDING' and claimed_by = :instance
                            returning id""", UUID.class)
                    .setParameter("ids", ids).setParameter("instance", instance).getResultList();
            return Set.copyOf(held);
        });
    }

    private Optional<Claimed> prepare(Notification row) {
        Instant now = Instant.now();
        row.updatedAt = now;
        if (row.kind == NoticeKind.REMINDER) {
            Optional<String> stop = reminderNotWanted(row, now);
            if (stop.isPresent()) {
                row.state = State.CANCELLED;
                row.detail = stop.get();
                return Optional.empty();
            }
        }
        var notice = row.notice();
        String address = notice.recipient() == null ? null : notice.recipient().email();
        Optional<String> badAddress = EmailAddress.problem(address);
        if (badAddress.isPresent()) {
            fail(row, badAddress.get());
            return Optional.empty();
        }
        Letter letter;
        try {
            letter = letters.write(row.kind, notice, null);
        } catch (LetterException e) {
            fail(row, e.getMessage() + "; fix the template and ask for the notice again");
            return Optional.empty();
        }
        row.state = State.SENDING;
        row.claimedBy = instance;
        row.claimedAt = now;
        row.handedAt = null;
        row.attempts++;
        row.language = letter.language().tag();
        row.subject = letter.subject();
        if (row.messageId == null) {
            row.messageId = "<" + UUID.randomUUID() + "@" + senderDomain() + ">";
        }
        if (!letter.notes().isEmpty()) {
            row.detail = String.join("; ", letter.notes());
        }
        Mail mail = new Mail()
                .setFrom(config.sender())
                .setReplyTo(config.replyTo())
                .addTo(address.trim())
                .setSubject(letter.subject())
                .setText(letter.text())
                .setHtml(letter.html())
                .addHeader("Message-ID", row.messageId)
                .addHeader("Content-Language", letter.language().tag())
                // RFC 3834: vacation responders do not answer automatic mail.
                .addHeader("Auto-Submitted", "auto-generated")
                .addHeader("X-Hostmove-Notice", row.kind.name())
                .addHeader("X-Hostmove-Migration", row.migrationId.toString());
        return Optional.of(new Claimed(row.id, mail));
    }

    private Optional<String> reminderNotWanted(Notification row, Instant now) {
        Optional<KnownMigration> known = KnownMigration.findByIdOptional(row.migrationId);
        if (known.isPresent() && known.get().cancelled) {
            return Optional.of("the migration was cancelled");
        }
        if (known.isPresent() && known.get().cutoverBegan) {
            return Optional.of("the cut-over began");
        }
        if (known.isPresent() && known.get().cutoverAt != null && !known.get().cutoverAt.equals(row.appointment)) {
            return Optional.of("moved: the appointment is now " + known.get().cutoverAt);
        }
        if (!row.appointment.isAfter(now)) {
            return Optional.of("the appointment passed before the reminder could be sent");
        }
        return Optional.empty();
    }

    /** Records what the SMTP server said, with the result events, in the caller's transaction. */
    private void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<UUID> accepted = outcomes.stream().filter(o -> o.attempted() && o.failure() == null).map(Outcome::id)
                .toList();
        if (!accepted.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> sent = entityManager.createNativeQuery("""
                            update notification set state = 'SENT', sent_at = now(), updated_at = now(), claimed_by = null
                            where id in (:ids) and state in ('SENDING', 'UNCERTAIN')
                            returning migration_id, kind, message_id, cause_event_id""")
                    .setParameter("ids", accepted).getResultList();
            for (Object[] row : sent) {
                outbox.publish((UUID) row[0], (UUID) row[3], new CustomerNotified(NoticeKind.valueOf((String) row[1]),
                        (String) row[2]));
            }
        }
        for (Outcome outcome : outcomes) {
            if (!outcome.attempted() || outcome.failure() != null) {
                record(outcome);
            }
        }
    }

    private void record(Outcome outcome) {
        Notification row = Notification.findById(outcome.id());
        if (row == null || (row.state != State.SENDING && row.state != State.UNCERTAIN)) {
            return;
        }
        Instant now = Instant.now();
        row.updatedAt = now;
        row.claimedBy = null;
        if (!outcome.attempted()) {
            // Never handed over: it simply waits for the next start, no doubt about it.
            row.state = State.PENDING;
            row.attempts--;
            return;
        }
        SmtpFailure failure = outcome.failure();
        if (failure.uncertain()) {
            row.state = State.UNCERTAIN;
            row.detail = failure.reason() + "; it is not sent again so that the customer cannot get it twice; look "
                    + "for Message-ID " + row.messageId + " in the SMTP server's log";
            LOG.warnf("%s for migration %s is UNCERTAIN: %s", row.kind, row.migrationId, row.detail);
            outbox.publish(row.migrationId, row.causeEventId, new CustomerNotificationFailed(row.kind,
                    "delivery uncertain: " + row.detail));
        } else if (failure.permanent()) {
            fail(row, failure.reason());
        } else if (row.attempts >= config.delivery().maxAttempts()) {
            fail(row, "gave up after " + row.attempts + " attempts; the last: " + failure.reason());
        } else {
            Duration wait = backoff(row.attempts);
            row.state = State.PENDING;
            row.dueAt = now.plus(wait);
            row.detail = "attempt " + row.attempts + " failed, next at " + row.dueAt + ": " + failure.reason();
            LOG.warnf("%s for migration %s not sent yet (%s); retrying in %s", row.kind, row.migrationId,
                    failure.reason(), wait);
        }
    }

    Duration backoff(int attempts) {
        Duration wait = config.delivery().initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.delivery().maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : wait;
    }

    private void fail(Notification row, String reason) {
        row.state = State.FAILED;
        row.detail = reason;
        row.claimedBy = null;
        row.updatedAt = Instant.now();
        LOG.warnf("%s for migration %s failed: %s", row.kind, row.migrationId, reason);
        outbox.publish(row.migrationId, row.causeEventId, new CustomerNotificationFailed(row.kind, reason));
    }

    /**
     * Emails another process had claimed when it stopped: those it never handed to the SMTP server go back to
     * PENDING and out; those it handed over may or may not have gone out, so they are not sent again (a customer must
     * never get one twice): each is marked UNCERTAIN and reported.
     */
    @Scheduled(every = "${hostmove.notification.delivery.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (running) {
            markInterrupted();
        }
    }

    private void markInterrupted() {
        Instant claimedBefore = Instant.now().minus(config.delivery().uncertainAfter());
        int released = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                        update notification set state = 'PENDING', claimed_by = null, attempts = attempts - 1,
                            updated_at = now(), detail = 'claimed by a process that stopped before handing it to the '
                                || 'SMTP server; sending it now'
                        where state = 'SENDING' and handed_at is null and claimed_by <> ?1 and claimed_at < ?2""")
                .setParameter(1, instance).setParameter(2, claimedBefore).executeUpdate());
        if (released > 0) {
            LOG.infof("%d email(s) claimed by a stopped process were never handed over; sending them now", released);
            wake();
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<Notification> interrupted = Notification.list(
                    "state = ?1 and handedAt is not null and claimedBy <> ?2 and claimedAt < ?3",
                    State.SENDING, instance, claimedBefore);
            for (Notification row : interrupted) {
                row.state = State.UNCERTAIN;
                row.updatedAt = Instant.now();
                row.detail = "the service stopped while handing this email (Message-ID " + row.messageId + ") to the "
                        + "SMTP server, so it may or may not have gone out; it is not sent again so that the customer "
                        + "cannot get it twice; look for that Message-ID in the SMTP server's log";
                LOG.warnf("%s for migration %s is UNCERTAIN: %s", row.kind, row.migrationId, row.detail);
                outbox.publish(row.migrationId, row.causeEventId, new CustomerNotificationFailed(row.kind,
                        "delivery uncertain: " + row.detail));
            }
        });
    }

    private String senderDomain() {
        String sender = config.sender();
        int at = sender.lastIndexOf('@');
        String domain = at < 0 ? "hostmove.invalid" : sender.substring(at + 1);
        return domain.replaceAll("[>\\s]", "");
    }
}
