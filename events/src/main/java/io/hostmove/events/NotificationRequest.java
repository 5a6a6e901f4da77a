package io.hostmove.events;

import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Recipient;

import java.time.Instant;
import java.util.List;

/** Facts the planner publishes on {@link Topics#NOTIFICATION_REQUESTS}: a customer must be told something. */
public sealed interface NotificationRequest extends HostmoveEvent {

    /**
     * Tell the customer {@code kind}; everything the email needs travels here.
     *
     * @param recipient               who to tell, in which language and time zone
     * @param cutoverAt               the appointment
     * @param expectedDowntimeMinutes how long the site is read-only
     * @param domains                 the account's domains
     * @param dnsChanges              records the customer must change (ACTION_REQUIRED), else empty
     * @param configRewrites          config files changed for the new platform (DONE), else empty
     */
    record CustomerNoticeRequested(NoticeKind kind, Recipient recipient, Instant cutoverAt,
                                   long expectedDowntimeMinutes, List<String> domains,
                                   List<DnsRecordChange> dnsChanges, List<ConfigRewrite> configRewrites)
            implements NotificationRequest {
    }
}
