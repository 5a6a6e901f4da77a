package io.hostmove.events.model;

import java.time.Instant;

/**
 * When a DNS change happened, from the request to the moment every authoritative server served it.
 *
 * @param requestedAt when the dns-service took the request
 * @param appliedAt   when our primary accepted the update; null when none of our zones changed (DNS elsewhere)
 * @param verifiedAt  when every authoritative server of every zone served the change
 */
public record DnsTimings(Instant requestedAt, Instant appliedAt, Instant verifiedAt) {
}
