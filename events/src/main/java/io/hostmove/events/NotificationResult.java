package io.hostmove.events;

/** Facts the notification-service publishes on {@link Topics#NOTIFICATION_RESULTS}. */
public sealed interface NotificationResult extends HostmoveEvent {

    /** An email was accepted by the SMTP server. */
    record CustomerNotified(NoticeKind kind, String messageId) implements NotificationResult {
    }

    /** An email could not be delivered and will not be retried. */
    record CustomerNotificationFailed(NoticeKind kind, String reason) implements NotificationResult {
    }
}
