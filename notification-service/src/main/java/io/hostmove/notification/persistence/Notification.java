package io.hostmove.notification.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One email to one customer for one appointment, and how far it got. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public enum State {
        /** A reminder waiting for its time. */
        SCHEDULED,
        /** Due (now or, after a temporary failure, at the next attempt). */
        PENDING,
        /** Claimed for sending: the intent is recorded (and, once it is handed over, the hand-over), the answer not yet. */
        SENDING,
        /** The SMTP server accepted it. */
        SENT,
        /** It will not be sent: a bad address, a permanent SMTP refusal, a letter that could not be written. */
        FAILED,
        /** The service stopped while handing it to the SMTP server; not sent again, so never sent twice. */
        UNCERTAIN,
        /** No longer wanted: a reminder whose appointment moved, or whose migration was cancelled or began. */
        CANCELLED
    }

    @Id
    public UUID id;

    @Column(name = "migration_id", nullable = false)
    public UUID migrationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NoticeKind kind;

    /** The recipient's address as compared for once-only delivery (lower case); empty when the notice had none. */
    @Column(nullable = false)
    public String recipient;

    @Column(nullable = false)
    public Instant appointment;

    @Column(name = "cause_event_id")
    public UUID causeEventId;

    /** The notice to write the email from, secrets scrubbed, as JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String notice;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(nullable = false)
    public int attempts;

    public String language;

    public String subject;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "claimed_by")
    public UUID claimedBy;

    @Column(name = "claimed_at")
    public Instant claimedAt;

    /** When the email was handed to the SMTP server (committed before the hand-over); null until then. */
    @Column(name = "handed_at")
    public Instant handedAt;

    /** Why it is in its state: the SMTP server's answer, the reason it failed or was cancelled, a fallback used. */
    @Column(columnDefinition = "text")
    public String detail;

    /** How many requests asked for this email; more than one means redeliveries or repeats that sent nothing. */
    @Column(nullable = false)
    public int requests;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    public CustomerNoticeRequested notice() {
        try {
            return CloudEventCodec.json().readValue(notice, CustomerNoticeRequested.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Notification> ofMigration(UUID migrationId) {
        return list("migrationId = ?1 order by createdAt, kind", migrationId);
    }
}
