package io.hostmove.dns;

import io.hostmove.dns.DnsClient.DnsUnreachableException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds who is authoritative for a name the way a resolver does: from the configured root servers, following
 * referrals (with their glue, or by looking up name servers that come without), down to the servers that answer
 * authoritatively. One instance serves one inspection and remembers the addresses it looked up.
 */
public final class Delegation {

    private static final int MAX_REFERRALS = 16;
    private static final int MAX_NESTING = 4;

    private final DnsClient client;
    private final List<NameServer> roots;
    private final int port;
    private final Map<Name, List<String>> addresses = new HashMap<>();

    /**
     * @param roots servers discovery starts from (a resolver's root hints)
     * @param port  the port discovered name servers answer on
     */
    public Delegation(DnsClient client, List<NameServer> roots, int port) {
        this.client = client;
        this.roots = List.copyOf(roots);
        this.port = port;
    }

    /**
     * Where a name lives.
     *
     * @param zone      apex of the zone holding the name
     * @param servers   its authoritative servers, from the delegation and the zone's own NS records
     * @param delegated false when the root servers themselves hold the name (no zone was delegated for it)
     */
    public record ZoneCut(Name zone, List<NameServer> servers, boolean delegated) {
    }

    public ZoneCut find(Name name) {
        return find(name, 0);
    }

    private ZoneCut find(Name name, int nesting) {
        List<NameServer> servers = roots;
        Name cut = Name.root;
        boolean delegated = false;
        for (int referrals = 0; referrals < MAX_REFERRALS; referrals++) {
            Answer answer = ask(servers, name, Type.SOA, "who serves " + text(name));
            Message message = answer.message();
            int rcode = message.getRcode();
            boolean authoritative = message.getHeader().getFlag(Flags.AA);
            List<NSRecord> referral = referral(message, name, cut);
            if (!authoritative && rcode == Rcode.NOERROR && !referral.isEmpty()) {
                cut = referral.get(0).getName();
                servers = serversOf(referral, message, nesting, answer.server());
                delegated = true;
                continue;
            }
            if (!authoritative) {
                throw new LameDelegationException(cut, servers, answer.server(), rcode, name);
            }
            // A CNAME into nothing answers NXDOMAIN for its target, yet the name itself exists.
            if (rcode == Rcode.NXDOMAIN && !hasCname(message, name)) {
                throw new DomainNotFoundException(name, soaOwner(message), answer.server());
            }
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new DnsStepException(answer.server().label() + " answered " + Rcode.string(rcode)
                        + " for " + text(name));
            }
            Name zone = apex(name, message, servers);
            // Looking up a name server's address only needs someone who answers, not the zone's full set.
            return new ZoneCut(zone, nesting == 0 ? withApexServers(zone, servers, nesting) : servers, delegated);
        }
        throw new DnsStepException("more than " + MAX_REFERRALS + " referrals for " + text(name)
                + "; the delegation loops");
    }

    /** The addresses of a host name (A records), looked up from the roots. */
    private List<String> addressesOf(Name host, int nesting) {
        List<String> known = addresses.get(host);
        if (known != null) {
            return known;
        }
        if (nesting >= MAX_NESTING) {
            throw new DnsStepException("looking up the name servers' addresses nests too deep at " + text(host));
        }
        addresses.put(host, List.of());
        List<String> found = new ArrayList<>();
        try {
            ZoneCut cut = find(host, nesting + 1);
            Message message = ask(cut.servers(), host, Type.A, "the address of " + text(host)).message();
            for (Record record : message.getSection(Section.ANSWER)) {
                if (record instanceof ARecord a && a.getName().equals(host)) {
                    found.add(a.getAddress().getHostAddress());
                }
            }
        } catch (DomainNotFoundException e) {
            // A name server without an address simply cannot be asked; the caller reports it.
        }
        addresses.put(host, List.copyOf(found));
        return found;
    }

    private static List<NSRecord> referral(Message message, Name name, Name cut) {
        List<NSRecord> ns = new ArrayList<>();
        for (Record record : message.getSection(Section.AUTHORITY)) {
            if (record instanceof NSRecord nsRecord && name.subdomain(nsRecord.getName())
                    && !nsRecord.getName().equals(cut) && nsRecord.getName().subdomain(cut)) {
                ns.add(nsRecord);
            }
        }
        return ns;
    }

    private List<NameServer> serversOf(List<NSRecord> referral, Message message, int nesting, NameServer from) {
        Map<Name, List<String>> glue = new LinkedHashMap<>();
        for (Record record : message.getSection(Section.ADDITIONAL)) {
            if (record instanceof ARecord a) {
                glue.computeIfAbsent(a.getName(), n -> new ArrayList<>()).add(a.getAddress().getHostAddress());
            }
        }
        List<NameServer> servers = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (NSRecord ns : referral) {
            List<String> found = glue.containsKey(ns.getTarget()) ? glue.get(ns.getTarget())
                    : addressesOf(ns.getTarget(), nesting);
            if (found.isEmpty()) {
                unresolved.add(text(ns.getTarget()));
            }
            found.forEach(address -> servers.add(new NameServer(text(ns.getTarget()), address, port)));
        }
        if (servers.isEmpty()) {
            throw new DnsStepException(from.label() + " delegates " + text(referral.get(0).getName())
                    + " to name servers without an address: " + String.join(", ", unresolved));
        }
        return servers;
    }

    /** The zone's own NS records may name more servers than the delegation: all of them must be asked. */
    private List<NameServer> withApexServers(Name zone, List<NameServer> delegation, int nesting) {
        Set<NameServer> servers = new LinkedHashSet<>(delegation);
        Message message;
        try {
            message = ask(delegation, zone, Type.NS, "the name servers of " + text(zone)).message();
        } catch (DnsStepException e) {
            return List.copyOf(servers);
        }
        Set<String> named = new LinkedHashSet<>();
        Set<String> asked = new LinkedHashSet<>();
        delegation.forEach(server -> {
            named.add(server.name());
            asked.add(server.address() + "#" + server.port());
        });
        for (Record record : message.getSection(Section.ANSWER)) {
            if (record instanceof NSRecord ns && ns.getName().equals(zone) && named.add(text(ns.getTarget()))) {
                for (String address : addressesOf(ns.getTarget(), nesting)) {
                    if (asked.add(address + "#" + port)) {
                        servers.add(new NameServer(text(ns.getTarget()), address, port));
                    }
                }
            }
        }
        return List.copyOf(servers);
    }

    /** The zone apex above {@code name}: the owner of the SOA the authoritative servers answer with. */
    private Name apex(Name name, Message answer, List<NameServer> servers) {
        Name candidate = name;
        Message message = answer;
        while (true) {
            boolean isCname = false;
            for (Record record : message.getSection(Section.ANSWER)) {
                if (record instanceof SOARecord soa && soa.getName().equals(candidate)) {
                    return candidate;
                }
                isCname |= record instanceof CNAMERecord && record.getName().equals(candidate);
            }
            Name owner = soaOwner(message);
            if (!isCname && owner != null && candidate.subdomain(owner)) {
                return owner;
            }
            // A CNAME's answer carries its target's data: look for the apex from the parent name instead.
            if (candidate.labels() <= 1) {
                throw new DnsStepException("no zone apex found above " + text(name));
            }
            candidate = new Name(candidate, 1);
            message = ask(servers, candidate, Type.SOA, "the zone of " + text(name)).message();
        }
    }

    private static boolean hasCname(Message message, Name name) {
        return message.getSection(Section.ANSWER).stream()
                .anyMatch(record -> record instanceof CNAMERecord && record.getName().equals(name));
    }

    private static Name soaOwner(Message message) {
        for (Record record : message.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                return record.getName();
            }
        }
        return null;
    }

    /** The first of {@code servers} that answers; when none does, why each did not. */
    Answer ask(List<NameServer> servers, Name name, int type, String purpose) {
        List<String> silent = new ArrayList<>();
        for (NameServer server : servers) {
            try {
                return new Answer(server, client.querySync(server, name, type));
            } catch (DnsUnreachableException e) {
                silent.add(e.getMessage());
            }
        }
        throw new DnsStepException("no name server answered when asking " + purpose + ": "
                + String.join("; ", silent));
    }

    record Answer(NameServer server, Message message) {
    }

    static String text(Name name) {
        return name.toString(true);
    }

    /** The servers a zone is delegated to do not answer for it with authority. */
    public static final class LameDelegationException extends DnsStepException {

        private final transient Name zone;
        private final transient List<NameServer> servers;

        LameDelegationException(Name zone, List<NameServer> servers, NameServer asked, int rcode, Name name) {
            super(asked.label() + " answers " + Rcode.string(rcode) + " without authority for " + text(name)
                    + ", although " + text(zone) + " is delegated to it (lame delegation): the domain's DNS is "
                    + "broken where it is hosted; ask the customer to fix the delegation");
            this.zone = zone;
            this.servers = List.copyOf(servers);
        }

        public Name zone() {
            return zone;
        }

        public List<NameServer> servers() {
            return servers;
        }
    }

    /** The authoritative servers say the name does not exist. */
    public static final class DomainNotFoundException extends DnsStepException {

        DomainNotFoundException(Name name, Name zone, NameServer server) {
            super(text(name) + " does not exist: " + server.label() + ", authoritative for "
                    + (zone == null ? "its parent zone" : text(zone)) + ", answers NXDOMAIN");
        }
    }
}
