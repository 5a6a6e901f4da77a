package io.hostmove.notification.rest;

import io.hostmove.events.NoticeKind;
import io.hostmove.notification.Letter;
import io.hostmove.notification.persistence.IgnoredEvent;
import io.hostmove.notification.persistence.KnownMigration;
import io.hostmove.notification.persistence.Notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the API answers. */
public final class Views {

    private Views() {
    }

    /**
     * A migration's emails and the events that could not be applied.
     *
     * @param migrationId   the migration
     * @param cutoverAt     its appointment as this service last learnt it
     * @param phase         its phase as this service last learnt it
     * @param cancelled     whether it was cancelled
     * @param notifications every email: sent, failed, uncertain, waiting or cancelled
     * @param ignoredEvents events for it that were received and could not be applied, with why
     */
    public record MigrationNotifications(UUID migrationId, Instant cutoverAt, String phase, boolean cancelled,
                                         List<NotificationView> notifications, List<IgnoredView> ignoredEvents) {

        static MigrationNotifications of(UUID migrationId, KnownMigration known, List<Notification> rows,
                                         List<IgnoredEvent> ignored) {
            return new MigrationNotifications(migrationId, known == null ? null : known.cutoverAt,
                    known == null ? null : known.phase, known != null && known.cancelled,
                    rows.stream().map(NotificationView::of).toList(), ignored.stream().map(IgnoredView::of).toList());
        }
    }

    /**
     * One email.
     *
     * @param id          its id
     * @param migrationId its migration
     * @param kind        which notice
     * @param recipient   the address it goes to
     * @param appointment the appointment it is about
     * @param state       SCHEDULED, PENDING, SENDING, SENT, FAILED, UNCERTAIN or CANCELLED
     * @param attempts    how often it was handed to the SMTP server
     * @param dueAt       when it is (or was) due
     * @param language    the language it is written in
     * @param subject     its subject line
     * @param messageId   its Message-ID
     * @param detail      why it is in its state (the SMTP server's answer, a failure, a fallback used)
     * @param requests    how many requests asked for it; more than one sent nothing more
     * @param createdAt   when it was first asked for
     * @param sentAt      when the SMTP server accepted it
     */
    public record NotificationView(UUID id, UUID migrationId, NoticeKind kind, String recipient, Instant appointment,
                                   Notification.State state, int attempts, Instant dueAt, String language,
                                   String subject, String messageId, String detail, int requests, Instant createdAt,
                                   Instant sentAt) {

        static NotificationView of(Notification n) {
            return new NotificationView(n.id, n.migrationId, n.kind, n.recipient, n.appointment, n.state, n.attempts,
                    n.dueAt, n.language, n.subject, n.messageId, n.detail, n.requests, n.createdAt, n.sentAt);
        }
    }

    /**
     * An event that was received and could not be applied.
     *
     * @param eventId   its id
     * @param eventType its CloudEvents type
     * @param reason    why
     * @param at        when it was received
     */
    public record IgnoredView(UUID eventId, String eventType, String reason, Instant at) {

        static IgnoredView of(IgnoredEvent e) {
            return new IgnoredView(e.eventId, e.eventType, e.reason, e.at);
        }
    }

    /**
     * A letter as it would be sent.
     *
     * @param kind     which notice
     * @param language the language it is written in
     * @param subject  its subject line
     * @param text     its plain-text part
     * @param html     its HTML part
     * @param notes    fallbacks used (language, time zone)
     */
    public record PreviewView(NoticeKind kind, String language, String subject, String text, String html,
                              List<String> notes) {

        static PreviewView of(Letter letter) {
            return new PreviewView(letter.kind(), letter.language().tag(), letter.subject(), letter.text(),
                    letter.html(), letter.notes());
        }
    }
}
