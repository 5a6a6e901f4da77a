package io.hostmove.dns;

import io.hostmove.dns.Delegation.ZoneCut;
import io.hostmove.dns.DnsClient.DnsUnreachableException;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.model.Finding;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inspects an account's domains: finds each one's zone and its authoritative servers by following the
 * delegation, tells our zones from the customer's, and reads the records that lead to the old host: the domains'
 * A/AAAA (through CNAMEs inside the zone), the addresses of their mail exchangers, and SPF records. A CNAME or mail
 * exchanger outside the zone is no record of the account's to switch; where it leads to the old host, the plan
 * says so as a finding.
 */
public final class Inspector {

    private static final int[] TYPES = {Type.A, Type.AAAA, Type.MX, Type.TXT};

    private final DnsClient client;
    private final List<NameServer> roots;
    private final int nameServerPort;
    private final NameServer primary;
    private final Set<String> ourAddresses;

    /**
     * @param roots          servers delegation discovery starts from
     * @param nameServerPort port the discovered servers answer on
     * @param primary        our primary, which holds the data of our zones first
     * @param ourAddresses   addresses of all our name servers: a zone delegated to one of them is ours
     */
    public Inspector(DnsClient client, List<NameServer> roots, int nameServerPort, NameServer primary,
                     Set<String> ourAddresses) {
        this.client = client;
        this.roots = roots;
        this.nameServerPort = nameServerPort;
        this.primary = primary;
        this.ourAddresses = Set.copyOf(ourAddresses);
    }

    public DnsPlan inspect(DnsTarget target) {
        Addresses addresses = Addresses.of(target);
        if (target.domains() == null || target.domains().isEmpty()) {
            throw new DnsStepException("the request names no domain (target.domains is empty); add the account's "
                    + "domains in the inventory");
        }
        Delegation delegation = new Delegation(client, roots, nameServerPort);
        Map<Name, ZoneCut> cuts = new LinkedHashMap<>();
        Map<Name, List<Name>> domainsByZone = new LinkedHashMap<>();
        for (String domain : target.domains()) {
            Name name = Rdata.name(domain.endsWith(".") ? domain : domain + ".");
            ZoneCut cut = find(delegation, name);
            cuts.putIfAbsent(cut.zone(), cut);
            domainsByZone.computeIfAbsent(cut.zone(), zone -> new ArrayList<>()).add(name);
        }
        List<ZonePlan> zones = new ArrayList<>();
        Map<Name, String> outside = new LinkedHashMap<>();
        for (Map.Entry<Name, List<Name>> entry : domainsByZone.entrySet()) {
            zones.add(inspectZone(cuts.get(entry.getKey()), entry.getValue(), addresses, outside));
        }
        List<Finding> findings = new ArrayList<>();
        outside.forEach((name, via) -> outsideFinding(delegation, name, via, addresses, zones)
                .ifPresent(findings::add));
        return new DnsPlan(target, List.copyOf(zones), Instant.now(), List.copyOf(findings));
    }

    /**
     * A finding when {@code name}, which a CNAME or MX record of the account points to from outside its zone,
     * still leads to the old host and no zone of the account changes it.
     */
    private Optional<Finding> outsideFinding(Delegation delegation, Name name, String via,
                                                       Addresses addresses, List<ZonePlan> zones) {
        String target = Delegation.text(name) + ".";
        boolean planned = zones.stream().flatMap(zone -> zone.changes().stream())
                .anyMatch(change -> change.name().equalsIgnoreCase(target));
        if (planned) {
            return Optional.empty();
        }
        List<InetAddress> found = new ArrayList<>();
        try {
            ZoneCut cut = delegation.find(name);
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message message = read(cut, null, name, type).message();
                for (Record record : answer(message, name, type)) {
                    found.add(record instanceof ARecord a ? a.getAddress() : ((AAAARecord) record).getAddress());
                }
            }
        } catch (RuntimeException e) {
            return Optional.of(new Finding(Finding.Severity.WARNING, "dns-target-unchecked", via,
                    "it points to " + target + " outside the zone, which could not be checked (" + e.getMessage()
                            + "); if that name leads to the old host, the switch does not change it: check it by "
                            + "hand"));
        }
        List<String> old = found.stream().filter(address -> address.equals(addresses.oldIpv4())
                || address.equals(addresses.oldIpv6())).map(Addresses::text).toList();
        if (old.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Finding.Severity.WARNING, "dns-target-outside-zone", via,
                "it points to " + target + ", which is outside the zone and still resolves to the old host ("
                        + String.join(", ", old) + "). The switch does not change it: change it where "
                        + target + " is hosted, or it keeps leading to the old host after the migration"));
    }

    private ZoneCut find(Delegation delegation, Name name) {
        try {
            return delegation.find(name);
        } catch (Delegation.LameDelegationException e) {
            if (e.servers().stream().noneMatch(server -> ourAddresses.contains(server.address()))) {
                throw e;
            }
            throw new DnsStepException("zone " + Delegation.text(e.zone()) + " is delegated to our name servers ("
                    + String.join(", ", e.servers().stream().map(NameServer::label).toList()) + "), but they do not "
                    + "serve it: " + e.getMessage().substring(0, e.getMessage().indexOf(" without authority"))
                    + ". It is not ours to change; add the zone to our primary " + primary.label()
                    + " or ask who hosts it", e);
        }
    }

    private ZonePlan inspectZone(ZoneCut cut, List<Name> domains, Addresses addresses, Map<Name, String> outside) {
        boolean ours = cut.servers().stream().anyMatch(server -> ourAddresses.contains(server.address()));
        NameServer source = ours ? primary : null;
        if (ours) {
            requireServedByPrimary(cut);
        }
        List<Rrset> rrsets = new ArrayList<>();
        Set<Name> seen = new LinkedHashSet<>();
        Deque<Name> queue = new ArrayDeque<>(domains);
        Set<Name> requested = new LinkedHashSet<>(domains);
        while (!queue.isEmpty()) {
            Name name = queue.poll();
            if (!seen.add(name)) {
                continue;
            }
            for (int type : TYPES) {
                Read read = read(cut, source, name, type);
                source = read.server();
                Message message = read.message();
                CNAMERecord cname = cname(message, name);
                if (cname != null) {
                    if (requested.contains(name) && (name.equals(cut.zone()) || !cut.delegated())) {
                        throw cnameAtApex(name, cname, cut);
                    }
                    if (cname.getTarget().subdomain(cut.zone())) {
                        queue.add(cname.getTarget());
                    } else {
                        outside.putIfAbsent(cname.getTarget(), Delegation.text(name) + ". CNAME");
                    }
                    break;
                }
                if (message.getRcode() == Rcode.NXDOMAIN) {
                    if (requested.contains(name)) {
                        throw new DnsStepException(Delegation.text(name) + " does not exist in zone "
                                + Delegation.text(cut.zone()) + " (" + read.server().label()
                                + " answers NXDOMAIN); remove it from the account's domains or add it to the zone");
                    }
                    break;
                }
                if (requested.contains(name) && !cut.delegated()) {
                    throw notDelegated(name, cut);
                }
                List<Record> records = answer(message, name, type);
                if (records.isEmpty()) {
                    continue;
                }
                if (type == Type.MX) {
                    for (Record record : records) {
                        Name exchanger = ((MXRecord) record).getTarget();
                        if (exchanger.subdomain(cut.zone())) {
                            queue.add(exchanger);
                        } else {
                            outside.putIfAbsent(exchanger, Delegation.text(name) + ". MX");
                        }
                    }
                } else {
                    rrsets.add(new Rrset(name.toString(), Type.string(type), records.get(0).getTTL(),
                            records.stream().map(Record::rdataToString).sorted().toList()));
                }
            }
        }
        return new ZonePlan(Delegation.text(cut.zone()), ours,
                domains.stream().map(Delegation::text).toList(), cut.servers(),
                ChangePlanner.plan(rrsets, addresses));
    }

    private void requireServedByPrimary(ZoneCut cut) {
        Message answer;
        try {
            answer = client.querySync(primary, cut.zone(), Type.SOA);
        } catch (DnsUnreachableException e) {
            throw new DnsStepException("zone " + Delegation.text(cut.zone()) + " is delegated to our name servers, "
                    + "but our primary " + e.getMessage() + "; start it or fix hostmove.dns.primary");
        }
        if (!answer.getHeader().getFlag(Flags.AA) || answer.getRcode() != Rcode.NOERROR) {
            throw new DnsStepException("zone " + Delegation.text(cut.zone()) + " is delegated to our name servers ("
                    + String.join(", ", cut.servers().stream().map(NameServer::label).toList())
                    + "), but our primary " + primary.label() + " does not serve it (it answers "
                    + Rcode.string(answer.getRcode()) + (answer.getHeader().getFlag(Flags.AA) ? "" : ", not authoritative")
                    + "): it is not ours to change; add the zone to the primary or ask who hosts it");
        }
    }

    /** Reads from {@code preferred} (our primary) or else from the first authoritative server that answers. */
    private Read read(ZoneCut cut, NameServer preferred, Name name, int type) {
        if (preferred != null) {
            Message message = client.querySync(preferred, name, type);
            return new Read(preferred, requireAuthoritative(message, preferred, cut));
        }
        List<String> silent = new ArrayList<>();
        for (NameServer server : cut.servers()) {
            try {
                Message message = client.querySync(server, name, type);
                if (message.getHeader().getFlag(Flags.AA)) {
                    return new Read(server, message);
                }
                silent.add(server.label() + " is not authoritative (" + Rcode.string(message.getRcode()) + ")");
            } catch (DnsUnreachableException e) {
                silent.add(e.getMessage());
            }
        }
        throw new DnsStepException("no authoritative server of " + Delegation.text(cut.zone()) + " answered for "
                + Delegation.text(name) + ": " + String.join("; ", silent));
    }

    private static Message requireAuthoritative(Message message, NameServer server, ZoneCut cut) {
        if (!message.getHeader().getFlag(Flags.AA)) {
            throw new DnsStepException(server.label() + " answers for " + Delegation.text(cut.zone())
                    + " without authority (" + Rcode.string(message.getRcode()) + ")");
        }
        return message;
    }

    private record Read(NameServer server, Message message) {
    }

    private static CNAMERecord cname(Message message, Name name) {
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record instanceof CNAMERecord cname && cname.getName().equals(name)) {
                return cname;
            }
        }
        return null;
    }

    private static List<Record> answer(Message message, Name name, int type) {
        List<Record> records = new ArrayList<>();
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record.getName().equals(name) && record.getType() == type) {
                records.add(record);
            }
        }
        return records;
    }

    private static DnsStepException cnameAtApex(Name name, CNAMERecord cname, ZoneCut cut) {
        return new DnsStepException(Delegation.text(name) + " is a CNAME (to " + Delegation.text(cname.getTarget())
                + ") where its zone's apex belongs" + (cut.delegated() ? "" : " (the domain is not delegated: "
                + "zone " + Delegation.text(cut.zone()) + " holds the CNAME)") + ". An apex cannot be a CNAME and "
                + "there is no address record to switch; ask the customer to replace it with A/AAAA records of "
                + "their zone, then retry the inspection");
    }

    private static DnsStepException notDelegated(Name name, ZoneCut cut) {
        return new DnsStepException(Delegation.text(name) + " has no zone of its own: the parent zone "
                + Delegation.text(cut.zone()) + " holds its records instead of delegating it; ask the customer "
                + "(or the registry) to delegate the domain, then retry the inspection");
    }
}
