package io.hostmove.events;

/** What a customer is told; each kind is one email template in every supported language. */
public enum NoticeKind {
    /** The migration is planned: when, how long the site is read-only, what to prepare. */
    ANNOUNCEMENT,
    /** The appointment is near (sent by the notification-service itself before the appointment). */
    REMINDER,
    /** The cut-over has begun: site and databases are read-only for a few minutes. */
    STARTED,
    /** The account runs on the new platform: what to check, how long errors can be reported. */
    DONE,
    /** DNS is hosted elsewhere: the exact records the customer must change. */
    ACTION_REQUIRED,
    /** DNS is hosted elsewhere and the requested record changes are still not seen: the same list again. */
    ACTION_REMINDER,
    /** The migration is held up; the customer's services keep running where they are. */
    PAUSED,
    /** The account was switched back to the old platform. */
    ROLLED_BACK,
    /** The migration was called off before anything changed for the customer. */
    CANCELLED
}
