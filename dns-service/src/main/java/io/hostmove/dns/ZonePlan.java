package io.hostmove.dns;

import io.hostmove.events.model.DnsRecordChange;

import java.util.ArrayList;
import java.util.List;

/**
 * What changes in one zone, and who serves it.
 *
 * @param zone    the zone's apex, without the trailing dot
 * @param ours    true when our primary serves it (we update it); false when the customer's provider does
 * @param domains the account's domains in this zone
 * @param servers every authoritative server of the zone (delegation and apex NS)
 * @param changes the RRsets that change
 */
public record ZonePlan(String zone, boolean ours, List<String> domains, List<NameServer> servers,
                       List<RrsetChange> changes) {

    /** The changes record by record, as the contract carries them. */
    public List<DnsRecordChange> records(boolean reverse) {
        List<DnsRecordChange> records = new ArrayList<>();
        for (RrsetChange change : changes) {
            for (RrsetChange.ValueChange value : change.values()) {
                records.add(reverse
                        ? new DnsRecordChange(zone, change.name(), change.type(), change.ttl(), value.newValue(),
                        value.oldValue())
                        : new DnsRecordChange(zone, change.name(), change.type(), change.ttl(), value.oldValue(),
                        value.newValue()));
            }
        }
        return records;
    }

    public List<String> serverLabels() {
        return servers.stream().map(NameServer::name).toList();
    }
}
