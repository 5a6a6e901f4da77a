package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;

/**
 * Makes one account's database read-only for the cut-over and writable again, never touching the rest of the
 * server. Both calls are idempotent: read-only twice is read-only, writable when not read-only changes nothing.
 *
 * <p>PostgreSQL: {@code ALTER DATABASE ... SET default_transaction_read_only = on} and the database's sessions
 * ended (reverse: {@code RESET}, sessions ended again so none stays read-only).
 *
 * <p>MariaDB: the write privileges of the database's user on that database are revoked, SELECT and SHOW VIEW
 * kept, and its connections closed. The original grants are saved on the host itself, in a root-only file
 * under {@link #DEFAULT_GRANTS_DIR}, named after the database and the server; {@link #makeWritable} restores
 * exactly them and removes the file. So any connection, in any step, after any restart, can undo it; and
 * {@link DatabaseCopier} carries the saved grants, not the read-only ones, to the new host. A user with
 * server-wide write privileges, or a pattern grant (e.g. {@code shop\_%}) that lets it write here, is refused
 * with an explanation: narrowing those would touch other databases.
 */
public final class DatabaseAccess {

    /** Where a MariaDB database made read-only keeps its original grants, on the database's host. */
    public static final String DEFAULT_GRANTS_DIR = "/root/.hostmove/grants";

    private final MariadbAccess mariadb;
    private final PostgresAccess postgres = new PostgresAccess();

    public DatabaseAccess() {
        this(DEFAULT_GRANTS_DIR);
    }

    public DatabaseAccess(String grantsDir) {
        this.mariadb = new MariadbAccess(grantsDir);
    }

    public void makeReadOnly(DatabaseSpec database, RemoteHost host) {
        switch (database.engine()) {
            case Mariadb.ENGINE -> mariadb.makeReadOnly(database, host);
            case Postgres.ENGINE -> postgres.makeReadOnly(database, host);
            default -> throw unknown(database);
        }
    }

    public void makeWritable(DatabaseSpec database, RemoteHost host) {
        switch (database.engine()) {
            case Mariadb.ENGINE -> mariadb.makeWritable(database, host);
            case Postgres.ENGINE -> postgres.makeWritable(database, host);
            default -> throw unknown(database);
        }
    }

    MariadbAccess mariadb() {
        return mariadb;
    }

    private static RemoteException unknown(DatabaseSpec database) {
        return new RemoteException("database " + database.name() + " has an unknown engine '" + database.engine() + "'");
    }
}
