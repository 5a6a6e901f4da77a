package io.hostmove.dns;

import org.xbill.DNS.Address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from the RRsets a zone holds for the account's names, which change and how: A and AAAA records that
 * hold the old host's address get the new one (or go, where the new host has no address of that family), SPF
 * records get their {@code ip4:}/{@code ip6:} mechanisms rewritten. Every other value stays as it is.
 */
public final class ChangePlanner {

    private ChangePlanner() {
    }

    public static List<RrsetChange> plan(List<Rrset> rrsets, Addresses addresses) {
        List<RrsetChange> changes = new ArrayList<>();
        for (Rrset rrset : rrsets) {
            Optional<RrsetChange> change = switch (rrset.type()) {
                case "A" -> address(rrset, Address.IPv4, addresses.oldIpv4(), addresses.newIpv4());
                case "AAAA" -> address(rrset, Address.IPv6, addresses.oldIpv6(), addresses.newIpv6());
                case "TXT" -> spf(rrset, addresses);
                default -> Optional.empty();
            };
            change.ifPresent(changes::add);
        }
        return changes;
    }

    private static Optional<RrsetChange> address(Rrset rrset, int family, InetAddress oldAddress,
                                                 InetAddress newAddress) {
        if (oldAddress == null) {
            return Optional.empty();
        }
        List<String> after = new ArrayList<>();
        boolean found = false;
        boolean newPresent = false;
        for (String value : rrset.values()) {
            InetAddress address = parse(value, family);
            if (oldAddress.equals(address)) {
                found = true;
            } else {
                newPresent |= address != null && address.equals(newAddress);
                after.add(value);
            }
        }
        if (!found) {
            return Optional.empty();
        }
        String newText = Addresses.text(newAddress);
        if (newAddress != null && !newPresent) {
            after.add(newText);
        }
        return Optional.of(new RrsetChange(rrset.name(), rrset.type(), rrset.ttl(), sorted(rrset.values()),
                sorted(after), List.of(new RrsetChange.ValueChange(Addresses.text(oldAddress), newText))));
    }

    private static Optional<RrsetChange> spf(Rrset rrset, Addresses addresses) {
        List<String> after = new ArrayList<>();
        List<RrsetChange.ValueChange> values = new ArrayList<>();
        for (String value : rrset.values()) {
            String text = Rdata.readable("TXT", value);
            Optional<String> rewritten = Spf.rewrite(text, addresses);
            if (rewritten.isPresent()) {
                after.add(Rdata.txt(rewritten.get()));
                values.add(new RrsetChange.ValueChange(text, rewritten.get()));
            } else {
                after.add(value);
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(new RrsetChange(rrset.name(), rrset.type(),
                rrset.ttl(), sorted(rrset.values()), sorted(after), List.copyOf(values)));
    }

    /** Servers answer an RRset in any order; plans and audits list it in one. */
    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private static InetAddress parse(String value, int family) {
        byte[] bytes = Address.toByteArray(value.trim(), family);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
