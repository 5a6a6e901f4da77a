package io.hostmove.dns;

import org.xbill.DNS.Address;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rewrites the {@code ip4:}/{@code ip6:} mechanisms of an SPF record that name the old host. {@code a} and
 * {@code mx} mechanisms follow the A/AAAA/MX records, which switch on their own; {@code include} and the rest
 * belong to others and stay as they are.
 */
public final class Spf {

    private Spf() {
    }

    public static boolean isSpf(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        return lower.equals("v=spf1") || lower.startsWith("v=spf1 ");
    }

    /** The record with the old host's address replaced by the new one's, or empty when nothing names it. */
    public static Optional<String> rewrite(String text, Addresses addresses) {
        if (!isSpf(text)) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>(List.of(text.trim().split("\\s+")));
        boolean changed = rewrite(terms, "ip4:", Address.IPv4, addresses.oldIpv4(), addresses.newIpv4());
        changed |= rewrite(terms, "ip6:", Address.IPv6, addresses.oldIpv6(), addresses.newIpv6());
        return changed ? Optional.of(String.join(" ", terms)) : Optional.empty();
    }

    private static boolean rewrite(List<String> terms, String prefix, int family, InetAddress oldAddress,
                                   InetAddress newAddress) {
        if (oldAddress == null) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < terms.size(); i++) {
            Mechanism mechanism = Mechanism.parse(terms.get(i), prefix, family);
            if (mechanism == null || !mechanism.passes() || !mechanism.covers(oldAddress)) {
                continue;
            }
            boolean newCovered = newAddress != null && coveredElsewhere(terms, i, prefix, family, newAddress);
            if (mechanism.isSingleAddress()) {
                if (newAddress == null || newCovered) {
                    terms.remove(i--);
                } else {
                    terms.set(i, mechanism.qualifier() + prefix + Addresses.text(newAddress));
                }
                changed = true;
            } else if (newAddress != null && !newCovered && !mechanism.covers(newAddress)) {
                // A range that holds the old host may hold others: keep it and let the new host send too.
                terms.add(i + 1, prefix + Addresses.text(newAddress));
                i++;
                changed = true;
            }
        }
        return changed;
    }

    private static boolean coveredElsewhere(List<String> terms, int except, String prefix, int family,
                                            InetAddress address) {
        for (int i = 0; i < terms.size(); i++) {
            Mechanism other = i == except ? null : Mechanism.parse(terms.get(i), prefix, family);
            if (other != null && other.passes() && other.covers(address)) {
                return true;
            }
        }
        return false;
    }

    private record Mechanism(String qualifier, byte[] network, int prefixLength) {

        static Mechanism parse(String term, String prefix, int family) {
            String qualifier = "";
            String rest = term;
            if (!term.isEmpty() && "+-~?".indexOf(term.charAt(0)) >= 0) {
                qualifier = term.substring(0, 1);
                rest = term.substring(1);
            }
            if (!rest.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return null;
            }
            String value = rest.substring(prefix.length());
            int bits = family == Address.IPv4 ? 32 : 128;
            int slash = value.indexOf('/');
            int length = bits;
            if (slash >= 0) {
                try {
                    length = Integer.parseInt(value.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                value = value.substring(0, slash);
            }
            byte[] network = Address.toByteArray(value, family);
            return network == null || length < 0 || length > bits ? null : new Mechanism(qualifier, network, length);
        }

        boolean passes() {
            return qualifier.isEmpty() || qualifier.equals("+");
        }

        boolean isSingleAddress() {
            return prefixLength == network.length * 8;
        }

        boolean covers(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
