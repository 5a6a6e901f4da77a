package io.hostmove.transfer.rewrite;

import io.hostmove.transfer.rewrite.Connections.Field;
import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;

import java.util.Objects;
import java.util.regex.Pattern;

/** Database host values: {@code host}, {@code host:port}, {@code host:/socket}, {@code [v6]:port}. */
final class Hosts {

    record HostValue(String host, String port, String socket, boolean bracketed) {
    }

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

    private Hosts() {
    }

    static HostValue parse(String value) {
        String v = value.trim();
        String host;
        String port = null;
        String socket = null;
        boolean bracketed = false;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            bracketed = true;
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                return null;
            }
        } else {
            int c = v.indexOf(':');
            if (c < 0) {
                host = v;
            } else if (v.indexOf(':', c + 1) >= 0 && v.charAt(c + 1) != '/') {
                host = v;   // a bare IPv6 address
            } else {
                host = v.substring(0, c);
                String after = v.substring(c + 1);
                if (after.startsWith("/")) {
                    socket = after;
                } else {
                    port = after;
                }
            }
        }
        if (host.isEmpty() || (port != null && !DIGITS.matcher(port).matches())) {
            return null;
        }
        return new HostValue(host, port, socket, bracketed);
    }

    /** Same host; {@code localhost} and {@code 127.0.0.1} are the same when the plan's old host is one of them. */
    static boolean sameHost(String value, String planned) {
        if (value.equalsIgnoreCase(planned)) {
            return true;
        }
        return isLoopback(planned) && isLoopback(value);
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1");
    }

    /**
     * Whether the host field (with the connection's separate port setting, if any) points at the move's old
     * server: same host, same port — a missing port being the engine's default.
     */
    static boolean matches(Field field, String separatePort, DatabaseMove move) {
        HostValue hv = parse(field.value());
        if (hv == null || !sameHost(hv.host(), move.oldHost())) {
            return false;
        }
        if (hv.socket() != null) {
            return true;
        }
        String port = hv.port();
        if (port == null && !field.hostCarriesPort() && separatePort != null && !separatePort.isBlank()) {
            port = separatePort.trim();
        }
        String effective = port != null ? port : move.defaultPort();
        return Objects.equals(effective, move.effectiveOldPort());
    }

    /** The host field's new value, or its old one when it does not point at the move's old server. */
    static String rewrite(Field field, DatabaseMove move) {
        String value = field.value();
        HostValue hv = parse(value);
        if (hv == null || !sameHost(hv.host(), move.oldHost())) {
            return value;
        }
        if (hv.port() != null && !hv.port().equals(move.effectiveOldPort())) {
            return value;
        }
        if (hv.socket() != null && !move.movesHost()) {
            return value;   // a local socket stays a local socket; the port does not apply
        }
        String host = move.movesHost() ? move.newHost() : hv.host();
        String port;
        if (hv.port() != null) {
            port = move.effectiveNewPort();
        } else if (field.hostCarriesPort()) {
            String target = move.effectiveNewPort();
            port = target != null && !target.equals(move.defaultPort()) ? target : null;
        } else {
            port = null;   // lives in the connection's port setting
        }
        boolean v6 = host.indexOf(':') >= 0;
        String out = v6 && (port != null || hv.bracketed()) ? "[" + host + "]" : host;
        out = port != null ? out + ":" + port : out;
        return out.equals(value.trim()) ? value : out;
    }
}
