package io.hostmove.events;

import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.DnsTimings;
import io.hostmove.events.model.Finding;

import java.time.Instant;
import java.util.List;

/** Facts the dns-service publishes on {@link Topics#DNS_RESULTS}. */
public sealed interface DnsResult extends HostmoveEvent {

    /**
     * Delegation and records are known.
     *
     * @param plannedChanges   every record that will change, old to new
     * @param externalDomains  domains whose DNS is hosted elsewhere (the customer changes them)
     * @param longestTtlSeconds the longest TTL among the records that will change
     * @param findings         what the switch will not change but an operator should know, e.g. a mail exchanger
     *                         outside the zone that still points at the old host
     */
    record DnsInspectionCompleted(List<DnsRecordChange> plannedChanges, List<String> externalDomains,
                                  long longestTtlSeconds, List<Finding> findings) implements DnsResult {
    }

    /** The records that will change have the lowered TTL, and the old one has expired by {@code effectiveAt}. */
    record TtlLowered(long ttlSeconds, Instant effectiveAt) implements DnsResult {
    }

    /**
     * The customer must change these records at their DNS provider.
     *
     * @param records  each record to change, old value to new
     * @param reminder false the first time; true when the changes are still not seen after the reminder delay
     */
    record ExternalDnsChangeRequired(List<DnsRecordChange> records, boolean reminder) implements DnsResult {
    }

    /**
     * Every record points at the new host on every authoritative server.
     *
     * @param changes         the records changed (by us, or by the customer where DNS is elsewhere)
     * @param verifiedServers the authoritative servers that answered with the new data
     * @param timings         when the switch was requested, applied on our primary and seen on every server
     */
    record DnsSwitchCompleted(List<DnsRecordChange> changes, List<String> verifiedServers, DnsTimings timings)
            implements DnsResult {
    }

    /**
     * Every record points at the old host again on every authoritative server.
     *
     * @param changes         the records changed back to the old host's data
     * @param verifiedServers the authoritative servers that answered with the old data
     * @param timings         when the rollback was requested, applied on our primary and seen on every server
     */
    record DnsRollbackCompleted(List<DnsRecordChange> changes, List<String> verifiedServers, DnsTimings timings)
            implements DnsResult {
    }

    /**
     * A DNS step could not be done; the migration pauses with this reason.
     *
     * @param reason what went wrong and what an operator can do, in plain words
     */
    record DnsStepFailed(MigrationStep step, String reason) implements DnsResult {
    }
}
