package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.database.Pipe.LoadFailedException;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Copies one database from one host to another, the dump streaming through this JVM (no file on either host):
 * the target database is dropped and created afresh, its user or role made to exist there with the same
 * password (the hash travels in memory only), then the data follows.
 *
 * <p>MariaDB: schema, then each table's data in its own {@code mariadb-dump | mariadb} stream, several at once,
 * then triggers and events. PostgreSQL: {@code pg_dump --section=pre-data}, then each table's data in its own
 * stream, then {@code --section=post-data}. Either falls back to a single {@code dump | load} stream when a
 * per-table copy is pointless (one table) or fails for a reason other than the data.
 *
 * <p>Consistency: each per-table dump reads its own snapshot, so tables copied while the site writes may not
 * match each other; the pre-copy only needs to be close, and the final copy at cut-over runs with the source
 * read-only ({@link DatabaseAccess#makeReadOnly}), when every snapshot sees the same data.
 *
 * <p>Re-run safe (each copy starts from a fresh target database) and cancellable: cancelling a
 * {@link RemoteHost} kills its remote commands and the copy ends in {@link StepCancelledException}, also when
 * it comes from one of the parallel streams.
 */
public final class DatabaseCopier {

    private static final Logger LOG = Logger.getLogger(DatabaseCopier.class);

    /** Streams at once for a per-table copy, unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 4;

    /** How to copy. */
    public enum Method {
        /** Per table when there are at least two tables and parallelism is above 1, else (or on failure) one stream. */
        AUTO,
        /** Per table, whatever the number of tables; no fallback. */
        PER_TABLE,
        /** One stream. */
        SINGLE_STREAM
    }

    private final int parallelism;
    private final DatabaseAccess access;

    public DatabaseCopier() {
        this(DEFAULT_PARALLELISM, new DatabaseAccess());
    }

    public DatabaseCopier(int parallelism) {
        this(parallelism, new DatabaseAccess());
    }

    /**
     * @param access where read-only databases keep their original grants (the copy carries those, not the
     *               read-only ones, to the target)
     */
    public DatabaseCopier(int parallelism, DatabaseAccess access) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.access = Objects.requireNonNull(access);
    }

    /**
     * About how many bytes a copy of {@code database} will stream: the size of its tables' data (without indexes),
     * 0 when the database is missing. For progress estimates only.
     */
    public static long estimateBytes(DatabaseSpec database, RemoteHost from) {
        List<String> size = switch (database.engine()) {
            case Mariadb.ENGINE -> Mariadb.column(from, "measuring database " + database.name(),
                    "SELECT COALESCE(SUM(DATA_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                            + Mariadb.string(database.name()));
            case Postgres.ENGINE -> Postgres.exists(from, database.name())
                    ? Postgres.column(from, "measuring database " + database.name(), database.name(),
                    "SELECT COALESCE(SUM(pg_table_size(c.oid)), 0)::bigint FROM pg_class c"
                            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')")
                    : List.of("0");
            default -> List.of("0");
        };
        return size.isEmpty() ? 0 : Long.parseLong(size.get(0).strip());
    }

    public CopyReport copy(DatabaseSpec database, RemoteHost from, RemoteHost to) {
        return copy(database, from, to, Method.AUTO, false, bytes -> {
        });
    }

    /** A copy of a database that may be written meanwhile. */
    public CopyReport copy(DatabaseSpec database, RemoteHost from, RemoteHost to, Method method,
                           LongConsumer progress) {
        return copy(database, from, to, method, false, progress);
    }

    /**
     * @param frozen   nobody can write the source database meanwhile (it is read-only, as at the cut-over): a
     *                 per-table MariaDB copy then moves InnoDB tables as their tablespace files, locking each while
     *                 its files are read
     * @param progress told of the bytes of every chunk that goes through, from several threads at once
     */
    public CopyReport copy(DatabaseSpec database, RemoteHost from, RemoteHost to, Method method, boolean frozen,
                           LongConsumer progress) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(method, "method");
        if (from == to) {
            throw new IllegalArgumentException("source and target are the same connection");
        }
        Objects.requireNonNull(progress, "progress");
        long started = System.nanoTime();
        CopyReport report;
        try {
            report = switch (database.engine()) {
                case Mariadb.ENGINE -> copyMariadb(database, from, to, method, frozen, progress, started);
                case Postgres.ENGINE -> copyPostgres(database, from, to, method, progress, started);
                default -> throw new RemoteException("cannot copy database " + database.name()
                        + ": unknown engine '" + database.engine() + "'");
            };
        } catch (StepCancelledException e) {
            throw e;
        } catch (RemoteException e) {
            throw cancelledOr(e, from, to);
        }
        LOG.infof("copied %s database %s from %s to %s: %s, %d table(s), %d bytes in %d ms (%.1f MB/s)",
                report.engine(), report.database(), from.name(), to.name(), report.path(), report.tables(),
                report.bytes(), report.millis(), report.megabytesPerSecond());
        return report;
    }

    private CopyReport copyMariadb(DatabaseSpec spec, RemoteHost from, RemoteHost to, Method method,
                                   boolean frozen, LongConsumer bytes, long started) {
        MariadbCopy copy = new MariadbCopy(spec, from, to, access.mariadb(), bytes, frozen);
        MariadbCopy.Source source = copy.inspect();
        int streams = Math.max(1, Math.min(parallelism, source.tables().size()));
        return perTableOrSingleStream(spec, from, to, method, "mariadb", streams, source.baseTables(), started,
                () -> {
                    copy.prepareTarget(source);
                    long total = copy.perTable(source, streams);
                    copy.finishTarget(source);
                    return total;
                },
                () -> copy.tablesAsFiles() == 0 ? ""
                        : " (" + copy.tablesAsFiles() + " of " + source.baseTables() + " tables as tablespace files)",
                () -> {
                    copy.prepareTarget(source);
                    long total = copy.singleStream();
                    copy.finishTarget(source);
                    return total;
                });
    }

    private CopyReport copyPostgres(DatabaseSpec spec, RemoteHost from, RemoteHost to, Method method,
                                    LongConsumer bytes, long started) {
        PostgresCopy copy = new PostgresCopy(spec, from, to, bytes);
        PostgresCopy.Source source = copy.inspect();
        int streams = Math.max(1, Math.min(parallelism, source.tables().size()));
        return perTableOrSingleStream(spec, from, to, method, "postgresql", streams, source.tables().size(), started,
                () -> {
                    copy.prepareTarget(source);
                    return copy.perTable(source, streams);
                },
                () -> "",
                () -> {
                    copy.prepareTarget(source);
                    return copy.singleStream();
                });
    }

    /** Per-table streams where they apply; one stream instead when they fail for a reason other than the data. */
    private CopyReport perTableOrSingleStream(DatabaseSpec spec, RemoteHost from, RemoteHost to, Method method,
                                              String engine, int streams, long tables, long started,
                                              LongSupplier perTable, Supplier<String> perTableDetail,
                                              LongSupplier singleStream) {
        String fallback = "";
        RemoteException perTableFailure = null;
        if (method == Method.PER_TABLE || method == Method.AUTO && streams > 1) {
            try {
                long total = perTable.getAsLong();
                return report(spec, engine + " per-table x" + streams + perTableDetail.get(), streams, tables,
                        total, started);
            } catch (StepCancelledException | LoadFailedException | CopyRefusedException e) {
                throw e;
            } catch (RemoteException e) {
                if (method == Method.PER_TABLE) {
                    throw e;
                }
                RuntimeException cancelled = cancelledOr(e, from, to);
                if (cancelled != e) {
                    throw cancelled;
                }
                LOG.warnf("per-table copy of %s failed, copying it in one stream instead: %s", spec.name(),
                        e.getMessage());
                fallback = " (per-table failed)";
                perTableFailure = e;
            }
        }
        try {
            long total = singleStream.getAsLong();
            return report(spec, engine + " single stream" + fallback, 1, tables, total, started);
        } catch (RemoteException e) {
            if (perTableFailure != null) {
                e.addSuppressed(perTableFailure);
            }
            throw e;
        }
    }

    /**
     * A cancelled host may make a stream fail in other ways first (a broken pipe, a closed channel): if either
     * host is cancelled, the copy ends as cancelled, whatever surfaced. (A command on a cancelled host throws
     * StepCancelledException; only failures pay for this probe.)
     */
    private static RuntimeException cancelledOr(RemoteException failure, RemoteHost from, RemoteHost to) {
        for (RemoteHost host : new RemoteHost[]{from, to}) {
            try {
                host.exec(io.hostmove.transfer.ssh.Shell.command("true"));
            } catch (StepCancelledException cancelled) {
                cancelled.addSuppressed(failure);
                return cancelled;
            } catch (RuntimeException other) {
                failure.addSuppressed(other);
            }
        }
        return failure;
    }

    private static CopyReport report(DatabaseSpec spec, String path, int parallelism, long tables, long bytes,
                                     long started) {
        return new CopyReport(spec.name(), spec.engine(), path, parallelism, tables, bytes,
                (System.nanoTime() - started) / 1_000_000);
    }
}
