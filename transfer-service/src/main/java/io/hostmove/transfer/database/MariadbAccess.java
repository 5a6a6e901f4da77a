package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Read-only for one MariaDB database: the write privileges of its user on that database (database, table,
 * column and routine grants) are revoked, SELECT and SHOW VIEW stay, and the user's connections are closed
 * (a connection keeps the database privileges it had when it selected the database). The grants as they
 * were are kept on the host itself, in a root-only file, so that any later connection (a rollback after a
 * restart included) can restore exactly them.
 */
final class MariadbAccess {

    private static final Logger LOG = Logger.getLogger(MariadbAccess.class);
    private static final String HEADER = "-- Written by hostmove: the grants to restore when this database is made writable again.\n";

    private final String grantsDir;

    MariadbAccess(String grantsDir) {
        this.grantsDir = grantsDir;
    }

    void makeReadOnly(DatabaseSpec spec, RemoteHost host) {
        String user = requireUser(spec);
        List<MariadbGrant> grants = grants(host, user);
        refuseWiderWrites(spec, host, grants);
        List<MariadbGrant> mine = grants.stream().filter(g -> g.concerns(spec.name())).toList();
        String file = grantsFile(host, spec);
        if (saved(host, file).isEmpty()) {
            StringBuilder keep = new StringBuilder(HEADER);
            mine.forEach(g -> keep.append(g.statement()).append(";\n"));
            write(host, file, keep.toString());
        }
        StringBuilder sql = new StringBuilder();
        for (MariadbGrant grant : mine) {
            grant.revokes().forEach(revoke -> sql.append(revoke).append(";\n"));
            String read = grant.readOnlyGrant();
            if (read != null) {
                sql.append(read).append(";\n");
            }
        }
        if (!sql.isEmpty()) {
            Mariadb.execute(host, "making database " + spec.name() + " read-only", sql.toString());
        }
        closeConnections(host, user);
        LOG.infof("database %s is read-only for %s on %s (%d grant(s) narrowed)", spec.name(), user, host.name(),
                mine.size());
    }

    void makeWritable(DatabaseSpec spec, RemoteHost host) {
        String user = requireUser(spec);
        String file = grantsFile(host, spec);
        Optional<String> saved = saved(host, file);
        if (saved.isEmpty()) {
            LOG.debugf("database %s on %s was not made read-only by us: nothing to restore", spec.name(), host.name());
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (MariadbGrant grant : grants(host, user)) {
            if (grant.concerns(spec.name())) {
                grant.revokes().forEach(revoke -> sql.append(revoke).append(";\n"));
            }
        }
        sql.append(saved.get());
        Mariadb.execute(host, "restoring the grants of " + user + " on " + spec.name(), sql.toString());
        ExecResult removed = host.exec(Shell.command("rm", "-f", "--", file));
        if (!removed.ok()) {
            throw new RemoteException("restored the grants on " + spec.name() + " but could not remove " + file
                    + " on " + host.name() + ": " + Secrets.firstLines(removed.stderr()));
        }
        closeConnections(host, user);
        LOG.infof("database %s is writable again for %s on %s", spec.name(), user, host.name());
    }

    /**
     * The grants on the database as they are meant to be: the saved ones while it is read-only, else the
     * current ones; as statements, one per line ending in ';'.
     *
     * @param identity the server's {@link Mariadb#identity}
     */
    String intendedGrants(DatabaseSpec spec, RemoteHost host, String identity, List<MariadbGrant> current) {
        Optional<String> saved = spec.user() == null ? Optional.empty()
                : saved(host, grantsFile(identity, spec));
        if (saved.isPresent()) {
            return saved.get();
        }
        StringBuilder sql = new StringBuilder();
        current.stream().filter(g -> g.concerns(spec.name())).forEach(g -> sql.append(g.statement()).append(";\n"));
        return sql.toString();
    }

    /** Every grant of every account of {@code user}, IDENTIFIED clauses removed. */
    static List<MariadbGrant> grants(RemoteHost host, String user) {
        List<String> accounts = Mariadb.accountHosts(host, user);
        if (accounts.isEmpty()) {
            throw new RemoteException("the database user " + user + " does not exist on " + host.name());
        }
        StringBuilder sql = new StringBuilder();
        for (String account : accounts) {
            sql.append("SHOW GRANTS FOR ").append(Mariadb.account(user, account)).append(";\n");
        }
        List<MariadbGrant> grants = new ArrayList<>();
        for (String line : Mariadb.column(host, "reading the grants of " + user, sql.toString())) {
            grants.add(MariadbGrant.parse(line));
        }
        return grants;
    }

    private static void refuseWiderWrites(DatabaseSpec spec, RemoteHost host, List<MariadbGrant> grants) {
        for (MariadbGrant grant : grants) {
            if (grant.level() == MariadbGrant.Level.GLOBAL && grant.writes()) {
                throw new RemoteException("cannot make " + spec.name() + " alone read-only on " + host.name() + ": "
                        + spec.user() + " holds server-wide write privileges (" + grant.privileges()
                        + " ON *.*); narrow them to its databases first");
            }
            if (grant.patternCovers(spec.name()) && grant.writes()) {
                throw new RemoteException("cannot make " + spec.name() + " alone read-only on " + host.name() + ": "
                        + spec.user() + " may write to it through the pattern grant on " + grant.object()
                        + ", which covers other databases too; grant on the databases by name first");
            }
        }
    }

    /** Closes the user's connections, so none keeps privileges it had before (KILL of a gone one is harmless). */
    private static void closeConnections(RemoteHost host, String user) {
        List<String> ids = Mariadb.column(host, "listing the connections of " + user,
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = " + Mariadb.string(user)
                        + " AND ID <> CONNECTION_ID()");
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (String id : ids) {
            sql.append("KILL CONNECTION ").append(Long.parseLong(id.strip())).append(";\n");
        }
        Mariadb.executeAll(host, sql.toString());
    }

    /** The saved grants (a SQL script), if the database is read-only through us. */
    private static Optional<String> saved(RemoteHost host, String file) {
        ExecResult result = host.exec(Shell.script("if [ -f \"$1\" ]; then exec cat -- \"$1\"; else exit 3; fi",
                file));
        if (result.exitStatus() == 3) {
            return Optional.empty();
        }
        if (!result.ok()) {
            throw new RemoteException("cannot read " + file + " on " + host.name() + ": "
                    + Secrets.firstLines(result.stderr()));
        }
        return Optional.of(result.stdout());
    }

    private void write(RemoteHost host, String file, String content) {
        ExecResult result = host.exec(Shell.script(
                "umask 077 && mkdir -p -- \"$1\" && cat > \"$2.tmp\" && mv -f -- \"$2.tmp\" \"$2\"", grantsDir, file),
                content.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            throw new RemoteException("cannot save the grants to " + file + " on " + host.name() + ": "
                    + Secrets.firstLines(result.stderr()));
        }
    }

    /**
     * {@code <dir>/mariadb-<name>-<hash>.sql}: the name made file-safe for an operator's eye, the hash (of the
     * server's identity and the exact name) so that two servers or two similar names never share a file.
     */
    String grantsFile(RemoteHost host, DatabaseSpec spec) {
        return grantsFile(Mariadb.identity(host), spec);
    }

    String grantsFile(String identity, DatabaseSpec spec) {
        String safe = spec.name().replaceAll("[^A-Za-z0-9_.-]", "_");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        String key = identity + "\0" + spec.name();
        return grantsDir + "/mariadb-" + safe + "-" + sha256(key).substring(0, 16) + ".sql";
    }

    private static String requireUser(DatabaseSpec spec) {
        if (spec.user() == null || spec.user().isBlank()) {
            throw new RemoteException("the MariaDB database " + spec.name() + " has no user in the inventory");
        }
        return spec.user();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
