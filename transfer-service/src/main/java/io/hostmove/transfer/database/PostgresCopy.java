package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.database.Postgres.Table;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.Sql;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The PostgreSQL side of {@link DatabaseCopier}. What the copy needs to know is read in few sessions: the
 * source's server, database and roles in one, its tables in one, the target in one.
 */
final class PostgresCopy {

    private static final Logger LOG = Logger.getLogger(PostgresCopy.class);

    /** Beyond this, the exclusion list of the "everything else" data stream gets too long for one command. */
    private static final int MAX_COMMAND = 100_000;

    /** How the post-data restore says its pg_restore cannot read the source's archive. */
    private static final int UNREADABLE_ARCHIVE = 75;

    private static final String IDENTITY = "SELECT 'id', system_identifier::text, pg_postmaster_start_time()::text,"
            + " '', '', '' FROM pg_control_system()";

    private final DatabaseSpec spec;
    private final RemoteHost from;
    private final RemoteHost to;
    private final LongConsumer bytes;

    PostgresCopy(DatabaseSpec spec, RemoteHost from, RemoteHost to, LongConsumer bytes) {
        this.spec = spec;
        this.from = from;
        this.to = to;
        this.bytes = bytes;
    }

    /** A role as the copy needs it; the password hash stays in memory only. */
    private record Role(String name, boolean login, boolean superuser, String password) {
    }

    /** Source facts the copy needs. */
    static final class Source {
        String identity;
        String encoding;
        String collate;
        String ctype;
        String owner;
        String iculocale;
        final Map<String, Role> roles = new LinkedHashMap<>();
        final List<Table> tables = new ArrayList<>();
        boolean moreData;

        List<Table> tables() {
            return tables;
        }
    }

    /** Reads the source; fails if the database or its role does not exist there. */
    Source inspect() {
        String db = spec.name();
        String dbLiteral = Postgres.string(db);
        Source source = new Source();
        // The database's user and owner, and every role its objects belong to or are granted to.
        String roles = "SELECT 'role', r.rolname::text, r.rolcanlogin::text, r.rolsuper::text,"
                + " (r.rolpassword IS NOT NULL)::text, coalesce(r.rolpassword, '')"
                + " FROM pg_authid r, pg_database d WHERE d.datname = " + dbLiteral
                + " AND (r.rolname = " + Postgres.string(spec.user() == null ? "" : spec.user())
                + " OR r.oid = d.datdba OR r.oid IN (SELECT s.refobjid FROM pg_shdepend s"
                + " WHERE s.refclassid = 'pg_authid'::regclass AND s.dbid = d.oid))";
        String database = "SELECT 'db', pg_encoding_to_char(d.encoding)::text, d.datcollate::text, d.datctype::text,"
                + " pg_get_userbyid(d.datdba)::text,"
                + " CASE WHEN to_jsonb(d) ->> 'datlocprovider' = 'i'"
                + " THEN coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale', '') ELSE '' END"
                + " FROM pg_database d WHERE d.datname = " + dbLiteral;
        for (List<String> row : Postgres.rows(from, "reading database " + db, Postgres.MAINTENANCE_DB,
                IDENTITY + "\nUNION ALL " + database + "\nUNION ALL " + roles, 6)) {
            switch (row.get(0)) {
                case "id" -> source.identity = row.get(1) + "|" + row.get(2);
                case "db" -> {
                    source.encoding = row.get(1);
                    source.collate = row.get(2);
                    source.ctype = row.get(3);
                    source.owner = row.get(4);
                    source.iculocale = row.get(5);
                }
                case "role" -> source.roles.put(row.get(1), role(row));
                default -> throw new RemoteException("reading database " + db + " on " + from.name()
                        + " returned output that does not parse");
            }
        }
        if (source.encoding == null) {
            throw new RemoteException("the PostgreSQL database " + db + " does not exist on " + from.name());
        }
        if (spec.user() != null && !spec.user().isBlank() && !source.roles.containsKey(spec.user())) {
            throw new RemoteException("the database role " + spec.user() + " of " + db + " does not exist on "
                    + from.name());
        }
        // Data that no per-table dump carries: free-standing sequences, large objects, extension config tables.
        String tables = "WITH t AS (" + Postgres.TABLE_ROWS + ")\n"
                + "SELECT 'more', (EXISTS (SELECT 1 FROM pg_largeobject_metadata)"
                + " OR EXISTS (SELECT 1 FROM pg_extension WHERE extconfig IS NOT NULL)"
                + " OR EXISTS (SELECT 1 FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace"
                + " WHERE s.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))))::text,"
                + " '', 0::bigint\n"
                + "UNION ALL SELECT 'table', nspname::text, relname::text,"
                + " row_number() OVER (ORDER BY size DESC, nspname, relname) FROM t\n"
                + "ORDER BY 1, 4";
        for (List<String> row : Postgres.rows(from, "listing the tables of " + db, db, tables, 4)) {
            if (row.get(0).equals("more")) {
                source.moreData = "true".equals(row.get(1));
            } else {
                source.tables.add(new Table(row.get(1), row.get(2)));
            }
        }
        return source;
    }

    private static Role role(List<String> row) {
        return new Role(row.get(1), "true".equals(row.get(2)), "true".equals(row.get(3)),
                "true".equals(row.get(4)) ? row.get(5) : null);
    }

    /**
     * The roles first (the database's owner among them), then the database, dropped and created afresh; one
     * session to read the target, one to change it.
     *
     * <p>Roles missing on the target are created with the same LOGIN attribute and the same password
     * (PostgreSQL takes the stored SCRAM or md5 hash as is). The user and the owner, if they exist there with
     * another password or LOGIN, are brought to the source's: the site's config, copied as it is, holds the
     * source's password. A role that is a superuser on either side is left alone.
     */
    void prepareTarget(Source source) {
        Map<String, Role> present = new LinkedHashMap<>();
        String identity = null;
        List<String> names = new ArrayList<>();
        source.roles.keySet().forEach(name -> names.add(Postgres.string(name)));
        String read = IDENTITY + "\nUNION ALL SELECT 'role', r.rolname::text, r.rolcanlogin::text, r.rolsuper::text,"
                + " (r.rolpassword IS NOT NULL)::text, coalesce(r.rolpassword, '') FROM pg_authid r"
                + " WHERE r.rolname = ANY (ARRAY[" + String.join(", ", names) + "]::text[])";
        for (List<String> row : Postgres.rows(to, "reading the target of " + spec.name(), Postgres.MAINTENANCE_DB,
                read, 6)) {
            if (row.get(0).equals("id")) {
                identity = row.get(1) + "|" + row.get(2);
            } else {
                present.put(row.get(1), role(row));
            }
        }
        if (Objects.equals(identity, source.identity)) {
            throw new CopyRefusedException("refusing to copy " + spec.name() + ": " + from.name() + " and "
                    + to.name() + " reach the same PostgreSQL server");
        }

        Set<String> own = new LinkedHashSet<>();
        if (spec.user() != null && !spec.user().isBlank()) {
            own.add(spec.user());
        }
        own.add(source.owner);
        StringBuilder sql = new StringBuilder();
        Set<String> secrets = new HashSet<>();
        for (Role role : source.roles.values()) {
            if (role.superuser()) {
                continue;
            }
            if (role.password() != null) {
                secrets.add(role.password());
            }
            Role there = present.get(role.name());
            if (there == null) {
                sql.append("CREATE ROLE ").append(Postgres.id(role.name())).append(role.login() ? " LOGIN" : " NOLOGIN");
                if (role.password() != null) {
                    sql.append(" PASSWORD ").append(Postgres.string(role.password()));
                }
                sql.append(";\n");
                LOG.infof("creating role %s on %s as on %s", role.name(), to.name(), from.name());
            } else if (own.contains(role.name()) && !there.superuser()
                    && (there.login() != role.login()
                    || role.password() != null && !role.password().equals(there.password()))) {
                if (there.password() != null) {
                    secrets.add(there.password());
                }
                sql.append("ALTER ROLE ").append(Postgres.id(role.name())).append(role.login() ? " LOGIN" : " NOLOGIN");
                if (role.password() != null) {
                    sql.append(" PASSWORD ").append(Postgres.string(role.password()));
                }
                sql.append(";\n");
                LOG.warnf("role %s exists on %s with another password or LOGIN: setting them as on %s",
                        role.name(), to.name(), from.name());
            }
        }
        String db = Postgres.id(spec.name());
        sql.append("DROP DATABASE IF EXISTS ").append(db).append(" WITH (FORCE);\n")
                .append("CREATE DATABASE ").append(db)
                .append(" WITH OWNER ").append(Postgres.id(source.owner))
                .append(" TEMPLATE template0 ENCODING ").append(Postgres.string(source.encoding))
                .append(" LC_COLLATE ").append(Postgres.string(source.collate))
                .append(" LC_CTYPE ").append(Postgres.string(source.ctype));
        if (!source.iculocale.isEmpty()) {
            sql.append(" LOCALE_PROVIDER icu ICU_LOCALE ").append(Postgres.string(source.iculocale));
        }
        sql.append(";\n");
        Postgres.executeSecret(to, "preparing database " + spec.name(), Postgres.MAINTENANCE_DB, sql.toString(),
                secrets);
    }

    /** pre-data, then each table's data in its own stream (plus one for the rest, if any), then post-data. */
    long perTable(Source source, int streams) {
        String db = spec.name();
        List<String> rest = null;
        if (source.moreData) {
            rest = new ArrayList<>(List.of("pg_dump", "--section=data", "--no-password"));
            for (Table table : source.tables()) {
                rest.add("--exclude-table-data=" + Postgres.exactPattern(table.schema(), table.name()));
            }
            rest.addAll(List.of("-d", Sql.pgConninfo(db)));
            if (Shell.command(rest).length() > MAX_COMMAND) {
                throw new RemoteException("too many tables in " + db + " for a per-table copy");
            }
        }
        long total = pipe("copying the schema of " + db, dump("--section=pre-data"), true);
        List<Long> sizes = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(source.tables(), streams, from, to, (lane, table) -> sizes.add(pipe(lane,
                "copying table " + table + " of " + db, dump("--section=data", "--strict-names",
                        "--table=" + Postgres.exactPattern(table.schema(), table.name())), true)));
        total += sizes.stream().mapToLong(Long::longValue).sum();
        if (rest != null) {
            total += pipe("copying sequences and large objects of " + db, Shell.command(rest), true);
        }
        total += postData(streams);
        return total;
    }

    /**
     * Indexes, constraints, triggers and the rest of post-data, built in {@code streams} parallel jobs by the
     * target's pg_restore, which orders them by their dependencies, from an archive of their definitions (no
     * data) that it keeps in a temporary file while it runs; one psql stream when that pg_restore cannot read
     * the source's archive (an older version), before it changed anything.
     */
    private long postData(int streams) {
        String what = "building the indexes and constraints of " + spec.name();
        String restore = Shell.script("""
                f=$(mktemp) || exit 1; trap 'rm -f "$f"' EXIT; cat > "$f" || exit 1; \
                pg_restore --list "$f" >/dev/null 2>&1 || exit %d; \
                pg_restore --no-password --exit-on-error --jobs="$1" --dbname="$2" "$f\"""".formatted(UNREADABLE_ARCHIVE),
                Integer.toString(streams), Sql.pgConninfo(spec.name()));
        try {
            return Pipe.run(what, from, dump("--format=custom", "--section=post-data"), to, restore, null, bytes);
        } catch (Pipe.LoadFailedException e) {
            if (e.exitStatus() != UNREADABLE_ARCHIVE) {
                throw e;
            }
            LOG.infof("pg_restore on %s cannot read the archive of %s's pg_dump: building the indexes in one stream",
                    to.name(), from.name());
            return pipe(what, dump("--section=post-data"), true);
        }
    }

    /** The whole database in one stream (one snapshot). */
    long singleStream() {
        return pipe("copying database " + spec.name(), dump(), false);
    }

    private String dump(String... options) {
        List<String> args = new ArrayList<>(List.of("pg_dump", "--no-password"));
        args.addAll(List.of(options));
        args.addAll(List.of("-d", Sql.pgConninfo(spec.name())));
        return Shell.command(args);
    }

    /** psql stops at the first error; -o /dev/null keeps its command tags out of our stdout buffer. */
    private long pipe(String what, String dump, boolean singleTransaction) {
        return pipe(new Parallel.Lane(from, to), what, dump, singleTransaction);
    }

    private long pipe(Parallel.Lane lane, String what, String dump, boolean singleTransaction) {
        List<String> load = Postgres.psql(spec.name());
        load.addAll(List.of("-o", "/dev/null"));
        if (singleTransaction) {
            load.add("--single-transaction");
        }
        return Pipe.run(what, lane.from(), dump, lane.to(), Shell.command(load), null, bytes);
    }
}
