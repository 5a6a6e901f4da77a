package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.database.CopyReport;
import io.hostmove.transfer.database.DatabaseAccess;
import io.hostmove.transfer.database.DatabaseCopier;
import io.hostmove.transfer.database.DatabaseVerifier;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** An account's databases as the steps see them: copied, frozen, thawed and compared, all of them at once. */
@ApplicationScoped
public class Databases {

    private static final Logger LOG = Logger.getLogger(Databases.class);

    private final DatabaseAccess access = new DatabaseAccess();
    private final DatabaseVerifier verifier = new DatabaseVerifier();

    @Inject
    TransferConfig config;

    /** Copies every database; returns the bytes streamed. */
    long copyAll(AccountSpec account, RemoteHost from, RemoteHost to) {
        DatabaseCopier copier = new DatabaseCopier(config.databaseParallelism(), access);
        long bytes = 0;
        for (DatabaseSpec database : account.databases()) {
            CopyReport report = copier.copy(database, from, to);
            LOG.infof("copied %s database %s: %d tables, %d bytes in %d ms (%s)", report.engine(),
                    report.database(), report.tables(), report.bytes(), report.millis(), report.path());
            bytes += report.bytes();
        }
        return bytes;
    }

    void readOnly(AccountSpec account, RemoteHost host) {
        account.databases().forEach(database -> access.makeReadOnly(database, host));
    }

    void writable(AccountSpec account, RemoteHost host) {
        account.databases().forEach(database -> access.makeWritable(database, host));
    }

    List<String> differences(AccountSpec account, RemoteHost from, RemoteHost to) {
        List<String> differences = new ArrayList<>();
        account.databases().forEach(database -> differences.addAll(verifier.differences(database, from, to)));
        return differences;
    }
}
