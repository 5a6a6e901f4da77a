package io.hostmove.transfer.rewrite;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What changes for an account's site code on the new platform: its home directory and its databases' names,
 * users, hosts and ports. Anything whose new value equals the old one is left alone. Passwords are not part of
 * the plan: they are never changed.
 *
 * @param oldHome   the account's home on the old host, absolute; a trailing slash is dropped
 * @param newHome   the account's home on the new host, absolute; equal to {@code oldHome} when paths stay
 * @param databases the account's databases, old and new coordinates
 */
public record RewritePlan(String oldHome, String newHome, List<DatabaseMove> databases) {

    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]+");

    public RewritePlan {
        oldHome = home(oldHome, "oldHome");
        newHome = home(newHome, "newHome");
        databases = List.copyOf(Objects.requireNonNull(databases, "databases"));
    }

    /** A plan that only moves the home directory. */
    public static RewritePlan homeOnly(String oldHome, String newHome) {
        return new RewritePlan(oldHome, newHome, List.of());
    }

    /** Whether static paths are rewritten at all. */
    public boolean movesHome() {
        return !oldHome.equals(newHome);
    }

    private static String home(String path, String what) {
        Objects.requireNonNull(path, what);
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.startsWith("/") || p.equals("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path below /: " + path);
        }
        if (p.contains("//") || p.contains("/./") || p.contains("/../") || p.endsWith("/.") || p.endsWith("/..")
                || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " must be a normalised absolute path: " + path);
        }
        return p;
    }

    /**
     * One database of the account, where it is now and where it will be. Ports are decimal strings; {@code null}
     * (or blank) means "not given": the engine's default port (3306 for MariaDB/MySQL, 5432 for PostgreSQL).
     *
     * @param engine  {@code mariadb}, {@code mysql} or {@code postgresql}
     * @param oldName database name on the old host
     * @param newName database name on the new host
     * @param oldUser user the site connects as now
     * @param newUser user the site connects as on the new host
     * @param oldHost database host as the site reaches it now ({@code localhost}, an address or a name)
     * @param newHost database host as the site reaches it on the new host
     * @param oldPort port now, or null for the default
     * @param newPort port on the new host, or null for the default
     */
    public record DatabaseMove(String engine, String oldName, String newName, String oldUser, String newUser,
                               String oldHost, String newHost, String oldPort, String newPort) {

        public DatabaseMove {
            engine = Objects.requireNonNull(engine, "engine").trim().toLowerCase(Locale.ROOT);
            oldName = text(oldName, "oldName");
            newName = text(newName, "newName");
            oldUser = text(oldUser, "oldUser");
            newUser = text(newUser, "newUser");
            oldHost = host(oldHost, "oldHost");
            newHost = host(newHost, "newHost");
            oldPort = port(oldPort, "oldPort");
            newPort = port(newPort, "newPort");
        }

        /** 3306, 5432, or null when the engine is not known. */
        public String defaultPort() {
            return switch (family(engine)) {
                case "mysql" -> "3306";
                case "postgresql" -> "5432";
                default -> null;
            };
        }

        String effectiveOldPort() {
            return oldPort != null ? oldPort : defaultPort();
        }

        String effectiveNewPort() {
            return newPort != null ? newPort : defaultPort();
        }

        boolean movesHost() {
            return !oldHost.equalsIgnoreCase(newHost);
        }

        /** {@code mysql} for MariaDB and MySQL, {@code postgresql} for PostgreSQL, else the name itself. */
        static String family(String engine) {
            String e = engine == null ? "" : engine.trim().toLowerCase(Locale.ROOT);
            return switch (e) {
                case "mariadb", "mysql", "mysqli", "pdomysql", "pdo_mysql", "pdo-mysql", "mysql2" -> "mysql";
                case "postgresql", "postgres", "pgsql", "pdopgsql", "pdo_pgsql", "pdo-pgsql" -> "postgresql";
                default -> e;
            };
        }

        private static String text(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException(what + " must be non-empty without control characters");
            }
            return value;
        }

        private static String host(String value, String what) {
            Objects.requireNonNull(value, what);
            String h = value.trim();
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (!HOST.matcher(h).matches()) {
                throw new IllegalArgumentException(what + " is not a host name or address: " + value);
            }
            return h;
        }

        private static String port(String value, String what) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String p = value.trim();
            if (!PORT.matcher(p).matches() || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException(what + " is not a port: " + value);
            }
            return p;
        }
    }
}
