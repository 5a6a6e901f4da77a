package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsTarget;
import org.xbill.DNS.Address;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The old and new host's addresses, parsed; either family may be absent.
 *
 * @param oldIpv4 old IPv4 or null
 * @param newIpv4 new IPv4 or null
 * @param oldIpv6 old IPv6 or null
 * @param newIpv6 new IPv6 or null
 */
public record Addresses(InetAddress oldIpv4, InetAddress newIpv4, InetAddress oldIpv6, InetAddress newIpv6) {

    public static Addresses of(DnsTarget target) {
        Addresses addresses = new Addresses(parse(target.oldIpv4(), Address.IPv4, "oldIpv4"),
                parse(target.newIpv4(), Address.IPv4, "newIpv4"), parse(target.oldIpv6(), Address.IPv6, "oldIpv6"),
                parse(target.newIpv6(), Address.IPv6, "newIpv6"));
        if (addresses.oldIpv4 == null && addresses.oldIpv6 == null) {
            throw new DnsStepException("the request names no old address (target.oldIpv4 and target.oldIpv6 are "
                    + "both empty), so no record can be found to switch; fix the old host's addresses in the "
                    + "inventory and retry");
        }
        if (addresses.oldIpv4 != null && addresses.newIpv4 == null && addresses.newIpv6 == null) {
            throw new DnsStepException("the request names no new address (target.newIpv4 and target.newIpv6 are "
                    + "both empty); fix the new host's addresses in the inventory and retry");
        }
        return addresses;
    }

    private static InetAddress parse(String value, int family, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            byte[] bytes = Address.toByteArray(value.trim(), family);
            if (bytes == null) {
                throw new DnsStepException("target." + field + " '" + value + "' is not an "
                        + (family == Address.IPv4 ? "IPv4" : "IPv6") + " address; fix the host in the inventory");
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new DnsStepException("target." + field + " '" + value + "' is not an address");
        }
    }

    /** The address as people write it: dotted quad, or IPv6 in its short form (RFC 5952). */
    public static String text(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return Address.toDottedQuad(bytes);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
