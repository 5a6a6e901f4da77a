package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Copies the InnoDB tables of a database that nobody can write (the cut-over's final copy, a sync-back) as their
 * tablespace files instead of as SQL: {@code FLUSH TABLES ... FOR EXPORT} on the source, the table's {@code .ibd}
 * and {@code .cfg} files through this JVM, {@code ALTER TABLE ... IMPORT TABLESPACE} on the target. Nothing is
 * parsed and no index is rebuilt, which is what makes {@code mariadb-dump | mariadb} slow.
 *
 * <p>Only where it is safe: both servers MariaDB of the same major.minor version, page size, checksum algorithm
 * and name case handling, with file-per-table on the target; both data directories on the hosts we log in to; the
 * table InnoDB in its own file in the database's directory, with the same row format on both sides, not
 * partitioned, not encrypted, without a FULLTEXT index, and its name and the database's made of letters, digits
 * and underscores (MariaDB then names the files after them). Any other table is copied as SQL, and so is one whose
 * import fails.
 *
 * <p>The export lock blocks writers for as long as a table's files take to copy: that is why a live database
 * (the pre-copy) is never copied this way.
 */
final class MariadbTablespaces {

    private static final Logger LOG = Logger.getLogger(MariadbTablespaces.class);

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** A data directory that can stand in a mariadb client's {@code system} line and in a shell word as it is. */
    private static final Pattern PLAIN_DIR = Pattern.compile("/[A-Za-z0-9/._+-]*/");

    /** Server settings two servers must share for one's tablespace files to be imported by the other. */
    static final String SERVER_QUERY = "SELECT 'server', CONCAT_WS('|', @@version, @@innodb_page_size, "
            + "@@innodb_checksum_algorithm, @@lower_case_table_names), @@innodb_file_per_table, @@datadir;\n";

    /** What the source says of each base table of {@code db}: engine, row format, options, file, FULLTEXT. */
    static String tablesQuery(String db) {
        String schema = Mariadb.string(db);
        return "SELECT 'space', t.TABLE_NAME, CONCAT_WS('|', t.ENGINE, t.ROW_FORMAT, t.CREATE_OPTIONS, "
                + "(SELECT COUNT(*) FROM information_schema.STATISTICS x WHERE x.TABLE_SCHEMA = t.TABLE_SCHEMA"
                + " AND x.TABLE_NAME = t.TABLE_NAME AND x.INDEX_TYPE = 'FULLTEXT')), COALESCE(s.FILENAME, '')"
                + " FROM information_schema.TABLES t LEFT JOIN information_schema.INNODB_SYS_TABLESPACES s"
                + " ON s.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME)"
                + " WHERE t.TABLE_SCHEMA = " + schema + " AND BINARY t.TABLE_SCHEMA = BINARY " + schema
                + " AND t.TABLE_TYPE = 'BASE TABLE';\n";
    }

    /**
     * A server as far as tablespace files are concerned.
     *
     * @param settings    version, page size, checksum algorithm and name case handling, joined
     * @param filePerTable whether new tables get a file of their own
     * @param datadir     the data directory, with its trailing slash
     */
    record Server(String settings, boolean filePerTable, String datadir) {

        static Server of(List<String> row) {
            return new Server(row.get(1), "1".equals(row.get(2)) || "ON".equalsIgnoreCase(row.get(2)), row.get(3));
        }

        /** Version without its build suffix as far as major.minor; the rest as it is. */
        String family() {
            String[] parts = settings.split("\\|", 2);
            String[] version = parts[0].split("[.-]");
            return (version.length >= 2 ? version[0] + "." + version[1] : parts[0])
                    + (parts[0].contains("MariaDB") ? "" : " (not MariaDB)") + "|" + (parts.length > 1 ? parts[1] : "");
        }
    }

    /** A table as the source describes it. */
    record SourceTable(String name, String description, String file) {

        static SourceTable of(List<String> row) {
            return new SourceTable(row.get(1), row.get(2), row.get(3));
        }

        /** Why this table cannot go as files, or null when it can (the servers aside). */
        String obstacle(String db) {
            String[] d = (description + "|||").split("\\|", -1);
            String engine = d[0];
            String options = d[2].toLowerCase();
            if (!PLAIN_NAME.matcher(name).matches()) {
                return "its name is not plain";
            }
            if (!"InnoDB".equalsIgnoreCase(engine)) {
                return "it is " + engine + ", not InnoDB";
            }
            if (options.contains("partitioned")) {
                return "it is partitioned";
            }
            if (options.contains("encrypted")) {
                return "it is encrypted";
            }
            if (!"0".equals(d[3].strip())) {
                return "it has a FULLTEXT index";
            }
            if (!file.equals("./" + db + "/" + name + ".ibd")) {
                return "its tablespace is not its own file in the data directory";
            }
            return null;
        }

        String rowFormat() {
            return (description + "||").split("\\|", -1)[1];
        }
    }

    private final String db;
    private final RemoteHost from;
    private final RemoteHost to;
    private final LongConsumer bytes;

    MariadbTablespaces(String db, RemoteHost from, RemoteHost to, LongConsumer bytes) {
        this.db = db;
        this.from = from;
        this.to = to;
        this.bytes = bytes;
    }

    /**
     * Which tables go as files, with the reason when none can; the tables named must already exist, empty, on the
     * target (its schema copied).
     *
     * @return the tables to copy as files, in the order given; empty when none can (the reason is logged)
     */
    List<String> choose(Server source, Server target, List<SourceTable> tables) {
        String whyNot = serversObstacle(source, target);
        if (whyNot == null) {
            Map<String, String> targetFormats = new LinkedHashMap<>();
            for (List<String> row : Mariadb.rows(to, "reading the new tables of " + db, "SELECT TABLE_NAME, ROW_FORMAT"
                    + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + Mariadb.string(db)
                    + " AND TABLE_TYPE = 'BASE TABLE'")) {
                targetFormats.put(row.get(0), row.get(1));
            }
            List<String> chosen = new ArrayList<>();
            for (SourceTable table : tables) {
                String obstacle = table.obstacle(db);
                if (obstacle == null && !Objects.equals(targetFormats.get(table.name()), table.rowFormat())) {
                    obstacle = "its row format is " + table.rowFormat() + " on " + from.name() + " but "
                            + targetFormats.get(table.name()) + " on " + to.name();
                }
                if (obstacle == null) {
                    chosen.add(table.name());
                } else {
                    LOG.infof("table %s of %s is copied as SQL, not as tablespace files: %s", table.name(), db,
                            obstacle);
                }
            }
            whyNot = chosen.isEmpty() ? null : filesObstacle(source, target, chosen);
            if (whyNot == null) {
                return chosen;
            }
        }
        LOG.infof("the tables of %s are copied as SQL, not as tablespace files: %s", db, whyNot);
        return List.of();
    }

    /** Why the files of {@code tables} cannot be read on the source or replaced on the target, or null. */
    private String filesObstacle(Server source, Server target, List<String> tables) {
        // The target's files are replaced: there the directory must be writable as well.
        String check = """
                cd "$1" 2>/dev/null || { echo "no directory $1" >&2; exit 3; }; w=$2; shift 2; \
                for t in "$@"; do [ -r "$t.ibd" ] && { [ "$w" = 0 ] || [ -w . ]; } \
                || { echo "cannot use $PWD/$t.ibd" >&2; exit 3; }; done""";
        for (RemoteHost host : List.of(from, to)) {
            List<String> args = new ArrayList<>();
            args.add((host == from ? source : target).datadir() + db);
            args.add(host == from ? "0" : "1");
            args.addAll(tables);
            ExecResult result = host.exec(Shell.script(check, args.toArray(String[]::new)));
            if (!result.ok()) {
                return "the server's files are not at hand on " + host.name() + " ("
                        + Secrets.brief(result.stderr(), Set.of()) + ")";
            }
        }
        return null;
    }

    private String serversObstacle(Server source, Server target) {
        if (!PLAIN_NAME.matcher(db).matches()) {
            return "the database's name is not plain";
        }
        if (!source.family().equals(target.family())) {
            return from.name() + " runs " + source.family() + ", " + to.name() + " " + target.family();
        }
        if (!target.filePerTable()) {
            return to.name() + " keeps InnoDB tables in the system tablespace (innodb_file_per_table is off)";
        }
        if (!PLAIN_DIR.matcher(source.datadir()).matches() || !PLAIN_DIR.matcher(target.datadir()).matches()) {
            return "a data directory's path is not plain";
        }
        return null;
    }

    /** Takes the new, empty tables' files away so that the copied ones can take their place. */
    void discard(List<String> tables) {
        StringBuilder sql = new StringBuilder("SET SESSION foreign_key_checks = 0;\n");
        tables.forEach(table -> sql.append("ALTER TABLE ").append(table(table)).append(" DISCARD TABLESPACE;\n"));
        Mariadb.execute(to, "preparing the tablespace copy of " + db, sql.toString());
    }

    /**
     * Copies one table's files under the export lock and imports them; returns the bytes streamed.
     *
     * @throws Pipe.LoadFailedException when the target does not take the files (then copy the table as SQL)
     */
    long copy(Parallel.Lane lane, Server source, Server target, String tableName) {
        String sourceDir = source.datadir() + db;
        String targetDir = target.datadir() + db;
        // The client runs a system line while the lock is held; its exit status is not the client's: a failed tar
        // ends the client, so the stream ends in a failure, not in a short copy.
        String export = "DELIMITER //\nFLUSH TABLES " + table(tableName) + " FOR EXPORT//\n"
                + "system " + Shell.command("tar", "-C", sourceDir, "-cf", "-", "--", tableName + ".ibd",
                tableName + ".cfg") + " || kill -s TERM $PPID\nUNLOCK TABLES//\n";
        long streamed = Pipe.run("copying the tablespace of table " + tableName + " of " + db, lane.from(),
                Shell.command("mariadb", "--batch", "--skip-column-names"), export.getBytes(StandardCharsets.UTF_8),
                lane.to(), Shell.script("tar -C \"$1\" --no-same-owner -xf - && chown --reference=\"$1\" -- \"$1/$2.ibd\" "
                        + "\"$1/$2.cfg\"", targetDir, tableName), null, bytes);
        String sql = "SET SESSION foreign_key_checks = 0;\nALTER TABLE " + table(tableName) + " IMPORT TABLESPACE;\n"
                + "ANALYZE TABLE " + table(tableName) + ";\n";
        ExecResult imported = lane.to().exec(Shell.script("mariadb --batch --skip-column-names >/dev/null && rm -f -- \"$1\"",
                targetDir + "/" + tableName + ".cfg"), sql.getBytes(StandardCharsets.UTF_8));
        if (!imported.ok()) {
            throw new Pipe.LoadFailedException("importing the tablespace of table " + tableName + " of " + db
                    + " failed on " + lane.to().name() + " (exit " + imported.exitStatus() + "): "
                    + Secrets.brief(imported.stderr(), Set.of()), imported.exitStatus());
        }
        return streamed;
    }

    private String table(String name) {
        return Mariadb.id(db) + "." + Mariadb.id(name);
    }
}
