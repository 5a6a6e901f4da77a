package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.Sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code mariadb} client of a host (which reaches that host's own server, as the session's environment
 * says). SQL goes in on stdin, never on the command line, so neither a name nor a password hash shows up in
 * the host's process list; results come back in batch mode and are unescaped here.
 */
final class Mariadb {

    static final String ENGINE = "mariadb";

    /** Client options for queries: tab-separated rows, no header, names as UTF-8. */
    private static final List<String> QUERY = List.of("mariadb", "--batch", "--skip-column-names",
            "--default-character-set=utf8mb4");

    private Mariadb() {
    }

    /** The rows of every result {@code sql} produces, in order; each field unescaped (NULL reads "NULL"). */
    static List<List<String>> rows(RemoteHost host, String what, String sql) {
        return parse(run(host, what, sql, Set.of()).stdout());
    }

    /** The first field of every row. */
    static List<String> column(RemoteHost host, String what, String sql) {
        return rows(host, what, sql).stream().map(row -> row.get(0)).toList();
    }

    /** Runs statements; the first error stops them and fails. */
    static void execute(RemoteHost host, String what, String sql) {
        run(host, what, sql, Set.of());
    }

    /** Runs statements that carry secrets: the error message, if any, is scrubbed of them. */
    static String executeSecret(RemoteHost host, String what, String sql, Set<String> secrets) {
        return run(host, what, sql, secrets).stdout();
    }

    /** Runs every statement even if some fail (e.g. KILL of a connection that just went away). */
    static void executeAll(RemoteHost host, String sql) {
        host.exec(Shell.command(withForce()), sql.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> withForce() {
        List<String> args = new ArrayList<>(QUERY);
        args.add("--force");
        return args;
    }

    private static ExecResult run(RemoteHost host, String what, String sql, Set<String> secrets) {
        ExecResult result = host.exec(Shell.command(QUERY), sql.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new RemoteException(what + " failed on " + host.name() + " (exit " + result.exitStatus() + "): "
                    + Secrets.brief(result.stderr().isBlank() ? result.stdout() : result.stderr(), secrets));
        }
        return result;
    }

    /** Batch output: rows end with \n, fields are separated by \t; \0 \t \n \\ inside values are escaped. */
    static List<List<String>> parse(String out) {
        List<List<String>> rows = new ArrayList<>();
        if (out.isEmpty()) {
            return rows;
        }
        String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        for (String line : body.split("\n", -1)) {
            rows.add(fields(line));
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            fields.add(unescape(raw));
        }
        return fields;
    }

    static String unescape(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char next = raw.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '0' -> out.append('\0');
                    case '\\' -> out.append('\\');
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String string(String value) {
        return Sql.mariadbString(value);
    }

    static String id(String name) {
        return Sql.mariadbIdentifier(name);
    }

    /** An account as SQL: {@code `user`@`host`}. */
    static String account(String user, String host) {
        return id(user) + "@" + id(host);
    }

    /** {@code name} as a LIKE pattern matching only itself (how an exact database grant may be written). */
    static String likeEscape(String name) {
        return name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }

    /** Whether {@code name} matches the grant-table pattern {@code pattern} (% _ wildcards, \ escapes). */
    static boolean likeMatches(String pattern, String name) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(name).matches();
    }

    /** A sanity check on names that go into SQL unquoted (character sets, collations). */
    static String word(String value, String what) {
        if (value == null || !value.matches("[A-Za-z0-9_]+")) {
            throw new RemoteException("unexpected " + what + " '" + value + "'");
        }
        return value;
    }

    /** The host's user accounts (host parts) of {@code user}; empty if there is none. */
    static List<String> accountHosts(RemoteHost host, String user) {
        return column(host, "listing the accounts of database user " + user,
                "SELECT Host FROM mysql.user WHERE User = " + string(user) + " AND Host <> '' ORDER BY Host");
    }

    /** What tells one server from another: name, port and data directory. */
    static String identity(RemoteHost host) {
        return column(host, "identifying the MariaDB server",
                "SELECT CONCAT_WS('|', @@hostname, @@port, @@datadir)").get(0);
    }
}
