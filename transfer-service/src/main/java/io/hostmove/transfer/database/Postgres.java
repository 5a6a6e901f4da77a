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
 * {@code psql} on a host (as the session's PGUSER, on that host's own server). SQL goes in on stdin; query
 * results come back with NUL separators, so no character of a name can break a row apart.
 */
final class Postgres {

    static final String ENGINE = "postgresql";

    /** The maintenance database statements about whole databases and roles run in. */
    static final String MAINTENANCE_DB = "postgres";

    private Postgres() {
    }

    /** psql reading statements from stdin, stopping at the first error. */
    static List<String> psql(String database) {
        return new ArrayList<>(List.of("psql", "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1",
                "-d", Sql.pgConninfo(database)));
    }

    /** The rows of a single query (statements before it may set things up), {@code columns} fields each. */
    static List<List<String>> rows(RemoteHost host, String what, String database, String sql, int columns) {
        List<String> args = psql(database);
        args.addAll(List.of("-A", "-t", "-z", "-0"));
        ExecResult result = run(host, what, args, sql, Set.of());
        String out = result.stdout();
        List<String> fields = new ArrayList<>(List.of(out.split("\0", -1)));
        if (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
            fields.remove(fields.size() - 1);
        }
        if (fields.size() % columns != 0) {
            throw new RemoteException(what + " on " + host.name() + " returned output that does not parse");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += columns) {
            rows.add(List.copyOf(fields.subList(i, i + columns)));
        }
        return rows;
    }

    static List<String> column(RemoteHost host, String what, String database, String sql) {
        return rows(host, what, database, sql, 1).stream().map(row -> row.get(0)).toList();
    }

    /** Runs statements in {@code database}; the first error stops them and fails. */
    static void execute(RemoteHost host, String what, String database, String sql) {
        run(host, what, psql(database), sql, Set.of());
    }

    /** Runs statements that carry secrets: the error message, if any, is scrubbed of them. */
    static void executeSecret(RemoteHost host, String what, String database, String sql, Set<String> secrets) {
        run(host, what, psql(database), sql, secrets);
    }

    private static ExecResult run(RemoteHost host, String what, List<String> args, String sql, Set<String> secrets) {
        ExecResult result = host.exec(Shell.command(args), sql.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new RemoteException(what + " failed on " + host.name() + " (exit " + result.exitStatus() + "): "
                    + Secrets.brief(result.stderr().isBlank() ? result.stdout() : result.stderr(), secrets));
        }
        return result;
    }

    /** A string literal that reads the same whatever standard_conforming_strings says. */
    static String string(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL byte cannot be part of a PostgreSQL string");
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String id(String name) {
        return Sql.pgIdentifier(name);
    }

    /** {@code "schema"."table"}: a pg_dump -t pattern that matches exactly that table (quotes make * ? . literal). */
    static String exactPattern(String schema, String table) {
        return id(schema) + "." + id(table);
    }

    /** Whether database {@code name} exists on the host. */
    static boolean exists(RemoteHost host, String name) {
        return !column(host, "looking for database " + name, MAINTENANCE_DB,
                "SELECT 1 FROM pg_database WHERE datname = " + string(name)).isEmpty();
    }

    /**
     * The tables that hold data of a database, with their size: ordinary tables, partitions included, not
     * extensions' own, not the system's.
     */
    static final String TABLE_ROWS = """
            SELECT n.nspname, c.relname, pg_total_relation_size(c.oid) AS size
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype = 'e')""";

    /** A table of a database. */
    record Table(String schema, String name) {
        String qualified() {
            return id(schema) + "." + id(name);
        }

        @Override
        public String toString() {
            return schema + "." + name;
        }
    }
}
