package io.hostmove.dns;

import org.xbill.DNS.Address;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An authoritative name server as the DNS names it, and the address and port it answers on.
 *
 * @param name    host name from the NS record (or the address itself for a configured server)
 * @param address IPv4 or IPv6 literal
 * @param port    DNS port
 */
public record NameServer(String name, String address, int port) {

    /** A configured server written as {@code host[:port]} (IPv6 as {@code [addr]:port}). */
    public static NameServer parse(String hostPort, int defaultPort) {
        String host = hostPort.trim();
        int port = defaultPort;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("'" + hostPort + "' is not host[:port]");
            }
            if (host.length() > end + 1) {
                port = Integer.parseInt(host.substring(end + 2));
            }
            host = host.substring(1, end);
        } else if (host.indexOf(':') > 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        if (!Address.isDottedQuad(host) && Address.toByteArray(host, Address.IPv6) == null) {
            throw new IllegalArgumentException("'" + hostPort + "' must be an IP address with an optional :port");
        }
        return new NameServer(host, host, port);
    }

    public InetSocketAddress socketAddress() {
        byte[] bytes = Address.toByteArray(address, Address.isDottedQuad(address) ? Address.IPv4 : Address.IPv6);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + address, e);
        }
    }

    /** How operators read it: {@code ns1.hosting.example (192.0.2.53)}. */
    public String label() {
        return name.equals(address) ? address : name + " (" + address + ")";
    }
}
