package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Compares a database on two hosts table by table: the same tables, the same row counts and, for MariaDB, the
 * same {@code CHECKSUM TABLE}. Each difference is a sentence for an operator; none means identical. Both hosts
 * are read at once. (CHECKSUM TABLE reads every row; it compares equal only between servers of the same row
 * format, which two hosts of one migration have; PostgreSQL has no such statement, so rows are counted only.)
 */
public final class DatabaseVerifier {

    /** Row count and checksum (null where not computed) of one table. */
    private record Facts(long rows, String checksum) {
    }

    public List<String> differences(DatabaseSpec database, RemoteHost from, RemoteHost to) {
        String db = database.name();
        Function<RemoteHost, Map<String, Facts>> read = switch (database.engine()) {
            case Mariadb.ENGINE -> host -> mariadb(db, host);
            case Postgres.ENGINE -> host -> postgres(db, host);
            default -> throw new RemoteException("cannot verify database " + db + ": unknown engine '"
                    + database.engine() + "'");
        };
        CompletableFuture<Map<String, Facts>> target = CompletableFuture.supplyAsync(() -> read.apply(to),
                runnable -> {
                    Thread thread = new Thread(runnable, "db-verify-" + to.name());
                    thread.setDaemon(true);
                    thread.start();
                });
        Map<String, Facts> before;
        try {
            before = read.apply(from);
        } catch (RuntimeException e) {
            try {
                target.join();
            } catch (CompletionException other) {
                if (other.getCause() instanceof StepCancelledException cancelled) {
                    cancelled.addSuppressed(e);
                    throw cancelled;
                }
            }
            throw e;
        }
        Map<String, Facts> after;
        try {
            after = target.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }

        List<String> differences = new ArrayList<>();
        if (before == null) {
            throw new RemoteException("database " + db + " does not exist on " + from.name());
        }
        if (after == null) {
            differences.add("database " + db + " does not exist on " + to.name());
            return differences;
        }
        TreeSet<String> tables = new TreeSet<>(before.keySet());
        tables.addAll(after.keySet());
        for (String table : tables) {
            Facts a = before.get(table);
            Facts b = after.get(table);
            if (b == null) {
                differences.add("table " + table + " of " + db + " exists on " + from.name() + " but not on "
                        + to.name());
            } else if (a == null) {
                differences.add("table " + table + " of " + db + " exists on " + to.name() + " but not on "
                        + from.name());
            } else if (a.rows() != b.rows()) {
                differences.add("table " + table + " of " + db + " has " + a.rows() + " rows on " + from.name()
                        + " but " + b.rows() + " on " + to.name());
            } else if (a.checksum() != null && !a.checksum().equals(b.checksum())) {
                differences.add("table " + table + " of " + db + " has checksum " + a.checksum() + " on "
                        + from.name() + " but " + b.checksum() + " on " + to.name());
            }
        }
        return differences;
    }

    /** Per base table: COUNT(*) and CHECKSUM TABLE; null if the database is missing. Two sessions. */
    private static Map<String, Facts> mariadb(String db, RemoteHost host) {
        boolean exists = false;
        List<String> tables = new ArrayList<>();
        for (List<String> row : Mariadb.rows(host, "listing the tables of " + db,
                "SELECT 'db', '' FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + Mariadb.string(db)
                        + " AND BINARY SCHEMA_NAME = BINARY " + Mariadb.string(db) + ";\n"
                        + "SELECT 'table', TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                        + Mariadb.string(db) + " AND BINARY TABLE_SCHEMA = BINARY " + Mariadb.string(db)
                        + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME;\n")) {
            if (row.get(0).equals("db")) {
                exists = true;
            } else {
                tables.add(row.get(1));
            }
        }
        if (!exists) {
            return null;
        }
        Map<String, Facts> facts = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return facts;
        }
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            String qualified = Mariadb.id(db) + "." + Mariadb.id(table);
            sql.append("SELECT COUNT(*) FROM ").append(qualified).append(";\n");
            sql.append("CHECKSUM TABLE ").append(qualified).append(";\n");
        }
        List<List<String>> rows = Mariadb.rows(host, "counting the rows of " + db, sql.toString());
        if (rows.size() != 2 * tables.size()) {
            throw new RemoteException("counting the rows of " + db + " on " + host.name()
                    + " returned output that does not parse");
        }
        for (int i = 0; i < tables.size(); i++) {
            List<String> count = rows.get(2 * i);
            List<String> checksum = rows.get(2 * i + 1);
            facts.put(tables.get(i), new Facts(Long.parseLong(count.get(0).strip()),
                    checksum.get(checksum.size() - 1)));
        }
        return facts;
    }

    /** Per table: COUNT(*), all in one query; null if the database is missing. */
    private static Map<String, Facts> postgres(String db, RemoteHost host) {
        List<List<String>> rows;
        try {
            // query_to_xml runs a count per table inside the one query
            rows = Postgres.rows(host, "counting the rows of " + db, db,
                    "SELECT nspname, relname, (xpath('/row/n/text()', query_to_xml(format("
                            + "'SELECT count(*) AS n FROM %I.%I', nspname, relname), false, true, '')))[1]::text"
                            + " FROM (" + Postgres.TABLE_ROWS + ") t ORDER BY nspname, relname", 3);
        } catch (StepCancelledException e) {
            throw e;
        } catch (RemoteException e) {
            if (!Postgres.exists(host, db)) {
                return null;
            }
            throw e;
        }
        Map<String, Facts> facts = new LinkedHashMap<>();
        for (List<String> row : rows) {
            facts.put(new Postgres.Table(row.get(0), row.get(1)).toString(), new Facts(Long.parseLong(row.get(2)), null));
        }
        return facts;
    }
}
