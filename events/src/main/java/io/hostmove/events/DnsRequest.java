package io.hostmove.events;

import java.time.Instant;
import java.util.List;

/** Facts the planner publishes on {@link Topics#DNS_REQUESTS}: a DNS step of the dns-service starts. */
public sealed interface DnsRequest extends HostmoveEvent {

    /** The domains and addresses the step is about. */
    DnsTarget target();

    /**
     * The account's domains and the addresses they move between.
     *
     * @param domains every domain of the account
     * @param oldIpv4 old host's IPv4, or null
     * @param oldIpv6 old host's IPv6, or null
     * @param newIpv4 new host's IPv4, or null
     * @param newIpv6 new host's IPv6, or null
     */
    record DnsTarget(List<String> domains, String oldIpv4, String oldIpv6, String newIpv4, String newIpv6) {
    }

    /** Find who serves each domain and which records point at the old host. */
    record DnsInspectionRequested(DnsTarget target) implements DnsRequest {
    }

    /** Lower the TTL of the records that will change, in time for the cut-over. */
    record TtlPreparationRequested(DnsTarget target, Instant cutoverAt) implements DnsRequest {
    }

    /** Point the records at the new host (or ask the customer to, where DNS is elsewhere) and verify. */
    record DnsSwitchRequested(DnsTarget target) implements DnsRequest {
    }

    /** Point the records back at the old host and verify. */
    record DnsRollbackRequested(DnsTarget target) implements DnsRequest {
    }
}
