package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.ssh.RemoteHost;
import org.jboss.logging.Logger;

/**
 * Read-only for one PostgreSQL database: {@code default_transaction_read_only} set on that database alone, and
 * its sessions ended so that every new one starts read-only. (A session may still ask for a read-write
 * transaction explicitly; sites do not, and they are in maintenance meanwhile.)
 */
final class PostgresAccess {

    private static final Logger LOG = Logger.getLogger(PostgresAccess.class);

    void makeReadOnly(DatabaseSpec spec, RemoteHost host) {
        requireExists(spec, host);
        Postgres.execute(host, "making database " + spec.name() + " read-only", Postgres.MAINTENANCE_DB,
                "ALTER DATABASE " + Postgres.id(spec.name()) + " SET default_transaction_read_only = on;\n"
                        + terminateSessions(spec));
        LOG.infof("database %s is read-only on %s", spec.name(), host.name());
    }

    /** Nothing to do when the database is not read-only, or not there at all. */
    void makeWritable(DatabaseSpec spec, RemoteHost host) {
        boolean readOnly = "t".equals(Postgres.column(host, "reading the settings of " + spec.name(),
                Postgres.MAINTENANCE_DB, "SELECT EXISTS (SELECT 1 FROM pg_db_role_setting s"
                        + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = " + Postgres.string(spec.name())
                        + " AND s.setrole = 0 AND 'default_transaction_read_only=on' = ANY (s.setconfig))").get(0));
        if (!readOnly) {
            return;
        }
        // Sessions opened meanwhile started read-only and would stay so: they go too.
        Postgres.execute(host, "making database " + spec.name() + " writable", Postgres.MAINTENANCE_DB,
                "ALTER DATABASE " + Postgres.id(spec.name()) + " RESET default_transaction_read_only;\n"
                        + terminateSessions(spec));
        LOG.infof("database %s is writable again on %s", spec.name(), host.name());
    }

    private static String terminateSessions(DatabaseSpec spec) {
        return "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                + Postgres.string(spec.name()) + " AND pid <> pg_backend_pid();\n";
    }

    private static void requireExists(DatabaseSpec spec, RemoteHost host) {
        if (!Postgres.exists(host, spec.name())) {
            throw new io.hostmove.transfer.ssh.RemoteException("the PostgreSQL database " + spec.name()
                    + " does not exist on " + host.name());
        }
    }
}
