package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MariaDB side of {@link DatabaseCopier}. Every remote command costs a session, so what the copy needs to
 * know is read in few of them: the source once (server, database, tables, accounts), the user's definitions
 * and grants once, the target once.
 */
final class MariadbCopy {

    private static final Logger LOG = Logger.getLogger(MariadbCopy.class);

    /** Fed to the target before each data stream: checks it needs not repeat for rows already checked at the source. */
    private static final byte[] LOAD_PREFIX = "SET foreign_key_checks=0;\nSET unique_checks=0;\n"
            .getBytes(StandardCharsets.UTF_8);

    private static final List<String> DUMP = List.of("mariadb-dump", "--default-character-set=utf8mb4",
            "--max-allowed-packet=1G", "--hex-blob", "--skip-add-locks", "--skip-dump-date", "--skip-comments");

    private static final String IDENTITY = "SELECT 'id', CONCAT_WS('|', @@hostname, @@port, @@datadir), '', '';\n";

    private static final Pattern LITERAL = Pattern.compile("'((?:[^'\\\\]|\\\\.|'')*)'");

    private final DatabaseSpec spec;
    private final RemoteHost from;
    private final RemoteHost to;
    private final MariadbAccess access;
    private final LongConsumer bytes;
    private final boolean frozen;
    private final AtomicInteger asFiles = new AtomicInteger();

    /**
     * @param frozen nobody can write the source database (cut-over, sync-back): its InnoDB tables may be copied
     *               as tablespace files, under a lock that would block a live site's writes
     */
    MariadbCopy(DatabaseSpec spec, RemoteHost from, RemoteHost to, MariadbAccess access, LongConsumer bytes,
                boolean frozen) {
        this.spec = spec;
        this.from = from;
        this.to = to;
        this.access = access;
        this.bytes = bytes;
        this.frozen = frozen;
    }

    /** A base table of the source database (sequences come with the schema: mariadb-dump --no-data sets them). */
    record Table(String name) {
    }

    /** How an account authenticates: compared, never shown. */
    private record Auth(String plugin, String secret) {
    }

    /** Source facts the copy needs; the account definitions hold password hashes and stay in memory. */
    static final class Source {
        String identity;
        String charset;
        String collation;
        final List<Table> tables = new ArrayList<>();
        final Map<String, Auth> accounts = new LinkedHashMap<>();
        final List<String> definitions = new ArrayList<>();
        final List<MariadbGrant> grants = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        MariadbTablespaces.Server server;
        MariadbTablespaces.Server targetServer;
        final List<MariadbTablespaces.SourceTable> spaces = new ArrayList<>();

        List<Table> tables() {
            return tables;
        }

        long baseTables() {
            return tables.size();
        }
    }

    /** Reads the source; fails if the database, or its user, does not exist there, or if the target is the source. */
    Source inspect() {
        String db = spec.name();
        Source source = new Source();
        StringBuilder sql = new StringBuilder(IDENTITY)
                .append("SELECT 'db', DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, '' FROM information_schema.SCHEMATA")
                .append(" WHERE SCHEMA_NAME = ").append(Mariadb.string(db))
                .append(" AND BINARY SCHEMA_NAME = BINARY ").append(Mariadb.string(db)).append(";\n")
                .append("SELECT 'table', TABLE_NAME, '', '' FROM information_schema.TABLES")
                .append(" WHERE TABLE_SCHEMA = ").append(Mariadb.string(db))
                .append(" AND BINARY TABLE_SCHEMA = BINARY ").append(Mariadb.string(db))
                .append(" AND TABLE_TYPE = 'BASE TABLE'")
                .append(" ORDER BY COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) DESC, TABLE_NAME;\n")
                .append("SELECT 'event', EVENT_NAME, '', '' FROM information_schema.EVENTS")
                .append(" WHERE EVENT_SCHEMA = ").append(Mariadb.string(db))
                .append(" AND BINARY EVENT_SCHEMA = BINARY ").append(Mariadb.string(db)).append(";\n");
        if (hasUser()) {
            sql.append(accountsQuery());
        }
        if (frozen) {
            sql.append(MariadbTablespaces.SERVER_QUERY).append(MariadbTablespaces.tablesQuery(db));
        }
        for (List<String> row : Mariadb.rows(from, "reading database " + db, sql.toString())) {
            switch (row.get(0)) {
                case "id" -> source.identity = row.get(1);
                case "db" -> {
                    source.charset = Mariadb.word(row.get(1), "character set");
                    source.collation = Mariadb.word(row.get(2), "collation");
                }
                case "table" -> source.tables.add(new Table(row.get(1)));
                case "account" -> source.accounts.put(row.get(1), new Auth(row.get(2), row.get(3)));
                case "event" -> source.events.add(row.get(1));
                case "server" -> source.server = MariadbTablespaces.Server.of(row);
                case "space" -> source.spaces.add(MariadbTablespaces.SourceTable.of(row));
                default -> throw new RemoteException("reading database " + db + " on " + from.name()
                        + " returned output that does not parse");
            }
        }
        if (source.charset == null) {
            throw new RemoteException("the MariaDB database " + db + " does not exist on " + from.name());
        }
        if (hasUser()) {
            if (source.accounts.isEmpty()) {
                throw new RemoteException("the database user " + spec.user() + " of " + db + " does not exist on "
                        + from.name());
            }
            readUser(source);
        }
        return source;
    }

    /** SHOW CREATE USER of each account (one row each), then SHOW GRANTS of each, in one session. */
    private void readUser(Source source) {
        StringBuilder sql = new StringBuilder();
        for (String host : source.accounts.keySet()) {
            sql.append("SHOW CREATE USER ").append(Mariadb.account(spec.user(), host)).append(";\n");
        }
        for (String host : source.accounts.keySet()) {
            sql.append("SHOW GRANTS FOR ").append(Mariadb.account(spec.user(), host)).append(";\n");
        }
        List<String> lines = Mariadb.column(from, "reading database user " + spec.user(), sql.toString());
        int accounts = source.accounts.size();
        if (lines.size() < accounts) {
            throw new RemoteException("reading database user " + spec.user() + " on " + from.name()
                    + " returned output that does not parse");
        }
        for (String create : lines.subList(0, accounts)) {
            if (!create.startsWith("CREATE USER ")) {
                throw new RemoteException("unexpected SHOW CREATE USER output for " + spec.user() + " on "
                        + from.name());
            }
            source.definitions.add(create.substring("CREATE USER ".length()));
        }
        lines.subList(accounts, lines.size()).forEach(line -> source.grants.add(MariadbGrant.parse(line)));
    }

    private String accountsQuery() {
        return "SELECT 'account', Host, plugin, authentication_string FROM mysql.user WHERE User = "
                + Mariadb.string(spec.user()) + " AND Host <> '' ORDER BY Host;\n";
    }

    /**
     * Drops and creates the target database, and makes each account of its user (user@host) exist there as on
     * the source: created with the source's CREATE USER statement, password hash and all; an account that exists
     * with another password is brought to the source's (ALTER USER), since the site's config, copied as it is,
     * holds the source's password. One session, the statements on stdin.
     */
    void prepareTarget(Source source) {
        Map<String, Auth> present = new LinkedHashMap<>();
        List<String> connections = new ArrayList<>();
        String identity = null;
        StringBuilder read = new StringBuilder(IDENTITY)
                .append("SELECT 'conn', ID, '', '' FROM information_schema.PROCESSLIST WHERE DB = ")
                .append(Mariadb.string(spec.name())).append(" AND ID <> CONNECTION_ID();\n");
        if (hasUser()) {
            read.append(accountsQuery());
        }
        if (frozen) {
            read.append(MariadbTablespaces.SERVER_QUERY);
        }
        for (List<String> row : Mariadb.rows(to, "reading the target of " + spec.name(), read.toString())) {
            switch (row.get(0)) {
                case "id" -> identity = row.get(1);
                case "conn" -> connections.add(row.get(1));
                case "server" -> source.targetServer = MariadbTablespaces.Server.of(row);
                default -> present.put(row.get(1), new Auth(row.get(2), row.get(3)));
            }
        }
        if (Objects.equals(identity, source.identity)) {
            throw new CopyRefusedException("refusing to copy " + spec.name() + ": " + from.name() + " and "
                    + to.name() + " reach the same MariaDB server");
        }
        if (!connections.isEmpty()) {
            // The copy being replaced may still be in use (a copy cancelled a moment ago, a tool): DROP would wait.
            StringBuilder kill = new StringBuilder();
            connections.forEach(id -> kill.append("KILL CONNECTION ").append(Long.parseLong(id.strip())).append(";\n"));
            Mariadb.executeAll(to, kill.toString());
        }
        String db = Mariadb.id(spec.name());
        StringBuilder sql = new StringBuilder("SET SESSION lock_wait_timeout = 300;\n")
                .append("DROP DATABASE IF EXISTS ").append(db).append(";\nCREATE DATABASE ")
                .append(db).append(" CHARACTER SET ").append(source.charset).append(" COLLATE ")
                .append(source.collation).append(";\n");
        Set<String> secrets = new HashSet<>();
        int i = 0;
        for (Map.Entry<String, Auth> account : source.accounts.entrySet()) {
            String definition = source.definitions.get(i++);
            secrets.addAll(literals(definition));
            secrets.add(account.getValue().secret());
            Auth there = present.get(account.getKey());
            if (there == null) {
                sql.append("CREATE USER IF NOT EXISTS ").append(definition).append(";\n");
                LOG.infof("creating database user %s@%s on %s as on %s", spec.user(), account.getKey(), to.name(),
                        from.name());
            } else if (!there.equals(account.getValue())) {
                secrets.add(there.secret());
                sql.append("ALTER USER ").append(definition).append(";\n");
                LOG.warnf("database user %s@%s exists on %s with another password: setting it as on %s",
                        spec.user(), account.getKey(), to.name(), from.name());
            }
        }
        Mariadb.executeSecret(to, "preparing database " + spec.name(), sql.toString(), secrets);
    }

    /**
     * The user's grants as on the source, once the tables and routines they name exist on the target; for a
     * database that is read-only on the source, the grants it had before (see {@link MariadbAccess}).
     */
    void finishTarget(Source source) {
        if (eventsByHand() && !source.events.isEmpty()) {
            copyEvents(source);
        }
        if (!hasUser()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (MariadbGrant grant : source.grants) {
            if (grant.concerns(spec.name())) {
                continue; // from intendedGrants below
            }
            if (grant.level() == MariadbGrant.Level.GLOBAL && grant.privileges().strip().equals("USAGE")) {
                continue; // nothing but the account itself, which CREATE USER made
            }
            sql.append(grant.statement()).append(";\n");
        }
        sql.append(access.intendedGrants(spec, from, source.identity, source.grants));
        if (!sql.isEmpty()) {
            Mariadb.execute(to, "granting database user " + spec.user() + " its privileges", sql.toString());
        }
    }

    /**
     * mariadb-dump --events selects the database by its SQL-escaped name, so it cannot dump the events of a
     * database whose name holds a character that escaping changes (' " \ newline...): those are copied here.
     */
    private boolean eventsByHand() {
        return spec.name().chars().anyMatch(c -> c == '\'' || c == '"' || c == '\\' || c == '\n' || c == '\r'
                || c == 0 || c == 26);
    }

    private String eventsOption() {
        return eventsByHand() ? "--skip-events" : "--events";
    }

    /** SHOW CREATE EVENT of each event on the source, replayed on the target with its sql_mode and time zone. */
    private void copyEvents(Source source) {
        String db = Mariadb.id(spec.name());
        StringBuilder read = new StringBuilder();
        for (String event : source.events) {
            read.append("SHOW CREATE EVENT ").append(db).append('.').append(Mariadb.id(event)).append(";\n");
        }
        StringBuilder sql = new StringBuilder("USE ").append(db).append(";\nDELIMITER $$hostmove$$\n");
        for (List<String> row : Mariadb.rows(from, "reading the events of " + spec.name(), read.toString())) {
            // Event, sql_mode, time_zone, Create Event, character_set_client, collation_connection, ...
            if (row.size() < 4) {
                throw new RemoteException("reading the events of " + spec.name() + " on " + from.name()
                        + " returned output that does not parse");
            }
            // The text arrives as utf8mb4 and goes back as utf8mb4: no SET NAMES to the event's old client charset.
            sql.append("SET sql_mode = ").append(Mariadb.string(row.get(1))).append("$$hostmove$$\n")
                    .append("SET time_zone = ").append(Mariadb.string(row.get(2))).append("$$hostmove$$\n")
                    .append(row.get(3)).append("$$hostmove$$\n");
        }
        sql.append("DELIMITER ;\n");
        Mariadb.execute(to, "copying the events of " + spec.name(), sql.toString());
    }

    private boolean hasUser() {
        return spec.user() != null && !spec.user().isBlank();
    }

    /** Every '...' literal of a statement (the password hash among them): kept out of any error message. */
    private static Set<String> literals(String statement) {
        Set<String> literals = new HashSet<>();
        Matcher m = LITERAL.matcher(statement);
        while (m.find()) {
            if (m.group(1).length() >= 8) {
                literals.add(m.group(1));
            }
        }
        return literals;
    }

    /**
     * Schema (tables, views, routines) first, then the data of each table in its own stream (a frozen source's
     * InnoDB tables as their tablespace files where they can), then triggers and events.
     */
    long perTable(Source source, int streams) {
        String db = spec.name();
        long total = pipe("copying the schema of " + db,
                dump("--no-data", "--routines", "--skip-triggers", "--skip-events", "--", db), null);
        MariadbTablespaces spaces = new MariadbTablespaces(db, from, to, bytes);
        Set<String> files = new HashSet<>();
        if (frozen && source.server != null && source.targetServer != null) {
            files.addAll(spaces.choose(source.server, source.targetServer, source.spaces));
            if (!files.isEmpty()) {
                spaces.discard(source.tables().stream().map(Table::name).filter(files::contains).toList());
            }
        }
        List<Long> sizes = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(source.tables(), streams, from, to, (lane, table) -> sizes.add(files.contains(table.name())
                ? tablespaceOrSql(lane, source, spaces, table) : tableData(lane, table)));
        total += sizes.stream().mapToLong(Long::longValue).sum();
        total += pipe("copying the triggers and events of " + db,
                dump("--no-data", "--no-create-info", "--skip-routines", "--triggers", eventsOption(), "--", db), null);
        return total;
    }

    /** How many tables the last per-table copy moved as tablespace files. */
    int tablesAsFiles() {
        return asFiles.get();
    }

    private long tableData(Parallel.Lane lane, Table table) {
        return Pipe.run("copying table " + table.name() + " of " + spec.name(), lane.from(),
                dump("--no-create-info", "--skip-triggers", "--single-transaction", "--quick", "--extended-insert",
                        "--disable-keys", "--no-autocommit", "--", spec.name(), table.name()),
                lane.to(), load(), LOAD_PREFIX, bytes);
    }

    /** The table's files; when the target does not import them, the table made afresh and copied as SQL. */
    private long tablespaceOrSql(Parallel.Lane lane, Source source, MariadbTablespaces spaces, Table table) {
        try {
            long streamed = spaces.copy(lane, source.server, source.targetServer, table.name());
            asFiles.incrementAndGet();
            return streamed;
        } catch (Pipe.LoadFailedException e) {
            LOG.warnf("copying table %s of %s as SQL instead: %s", table.name(), spec.name(), e.getMessage());
            // The dump's DROP TABLE, with foreign key checks off, removes the table that has no tablespace.
            long schema = Pipe.run("recreating table " + table.name() + " of " + spec.name(), lane.from(),
                    dump("--no-data", "--skip-triggers", "--", spec.name(), table.name()), lane.to(), load(), null,
                    bytes);
            return schema + tableData(lane, table);
        }
    }

    /** The whole database in one stream (one snapshot). */
    long singleStream() {
        String db = spec.name();
        return pipe("copying database " + db, dump("--single-transaction", "--quick", "--routines", "--triggers",
                eventsOption(), "--no-autocommit", "--", db), LOAD_PREFIX);
    }

    private String dump(String... options) {
        List<String> args = new ArrayList<>(DUMP);
        args.addAll(List.of(options));
        return Shell.command(args);
    }

    /** --binary-mode: the bytes as dumped (no \r\n translation), and no client commands read from the dump. */
    private String load() {
        return Shell.command("mariadb", "--default-character-set=utf8mb4", "--max-allowed-packet=1G",
                "--binary-mode", "--database=" + spec.name());
    }

    private long pipe(String what, String dump, byte[] prefix) {
        return Pipe.run(what, from, dump, to, load(), prefix, bytes);
    }
}
