package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Finding;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the inspection found for an account: per zone, the RRsets that point at the old host.
 *
 * @param target      the request it answers
 * @param zones       every zone holding one of the account's domains
 * @param inspectedAt when the records were read
 * @param findings    what the switch does not change but an operator should know (CNAME or MX targets outside
 *                    the zones that lead to the old host)
 */
public record DnsPlan(DnsTarget target, List<ZonePlan> zones, Instant inspectedAt, List<Finding> findings) {

    public DnsPlan {
        // Plans stored before findings existed have none.
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    public List<ZonePlan> ours() {
        return zones.stream().filter(ZonePlan::ours).filter(zone -> !zone.changes().isEmpty()).toList();
    }

    public List<ZonePlan> external() {
        return zones.stream().filter(zone -> !zone.ours()).filter(zone -> !zone.changes().isEmpty()).toList();
    }

    public List<DnsRecordChange> records(List<ZonePlan> which, boolean reverse) {
        return which.stream().flatMap(zone -> zone.records(reverse).stream()).toList();
    }

    public List<DnsRecordChange> allRecords() {
        return zones.stream().flatMap(zone -> zone.records(false).stream()).toList();
    }

    /** Domains whose zone the customer's own provider serves. */
    public List<String> externalDomains() {
        return zones.stream().filter(zone -> !zone.ours()).flatMap(zone -> zone.domains().stream()).toList();
    }

    public long longestTtl() {
        return zones.stream().flatMap(zone -> zone.changes().stream()).mapToLong(RrsetChange::ttl).max().orElse(0);
    }

    /** The names of the servers, ours and the customer's, that a completion reports as verified. */
    public static List<String> serverNames(List<ZonePlan> zones) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        zones.forEach(zone -> names.addAll(zone.serverLabels()));
        return List.copyOf(names);
    }

    /** Whether this plan was made for the same domains and addresses. */
    public boolean answers(DnsTarget other) {
        return Objects.equals(target, other);
    }
}
