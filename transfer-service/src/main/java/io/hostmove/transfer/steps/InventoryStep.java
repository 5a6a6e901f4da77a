package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.Finding;
import io.hostmove.events.model.Finding.Severity;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures the account on the old host and checks the new host can take it: runtime versions, free disk,
 * the old addresses hard-coded in config, components the new platform does not support.
 */
@ApplicationScoped
public class InventoryStep implements TransferStep<InventoryRequested> {

    private static final String PHP_VERSION = "php -r 'echo PHP_VERSION;'";
    private static final String MARIADB_VERSION = "mariadb -N -B -e 'select version()'";
    private static final String PG_VERSION = "psql -X -At -d postgres -c 'show server_version'";

    @Inject
    TransferConfig config;

    @Override
    public Class<InventoryRequested> handles() {
        return InventoryRequested.class;
    }

    @Override
    public TransferResult run(InventoryRequested request, StepContext context) {
        AccountSpec account = request.account();
        Paths.requireInsideHome(account);
        List<Finding> findings = new ArrayList<>();
        StepContext.Hosts hosts = context.connect(account);
        RemoteHost old = hosts.old();
        RemoteHost neu = hosts.neu();
        if (!Remote.isDirectory(old, account.homePath())) {
            throw new RemoteException("the account's home " + account.homePath() + " does not exist on "
                    + old.name() + "; check systemUser and homePath in the inventory");
        }

        long fileCount = 0;
        long fileBytes = 0;
        for (SiteSpec site : account.sites()) {
            if (!Remote.isDirectory(old, site.documentRoot())) {
                findings.add(new Finding(Severity.BLOCKING, "document-root-missing", site.domain(),
                        "the document root " + site.documentRoot() + " does not exist on " + old.name()));
                continue;
            }
            Remote.Tree tree = Remote.files(old, site.documentRoot());
            fileCount += tree.files();
            fileBytes += tree.bytes();
            for (String pattern : config.unsupportedComponents().orElse(List.of())) {
                for (String path : Remote.matching(old, site.documentRoot(), pattern)) {
                    findings.add(new Finding(Severity.WARNING, "unsupported-component", path,
                            "'" + pattern + "' is not supported on the new platform; update or remove it"));
                }
            }
        }
        long mailMessages = 0;
        long mailBytes = 0;
        for (MailboxSpec mailbox : account.mailboxes()) {
            if (!Remote.isDirectory(old, mailbox.maildir())) {
                findings.add(new Finding(Severity.WARNING, "maildir-missing", mailbox.address(),
                        "the maildir " + mailbox.maildir() + " does not exist on " + old.name()
                                + "; nothing will be copied for this mailbox"));
                continue;
            }
            Remote.Tree tree = Remote.maildir(old, mailbox.maildir());
            mailMessages += tree.files();
            mailBytes += tree.bytes();
        }
        long databaseBytes = 0;
        for (DatabaseSpec database : account.databases()) {
            databaseBytes += databaseSize(old, database, findings);
        }

        compareVersions("PHP", PHP_VERSION, old, neu, findings, !account.sites().isEmpty());
        boolean mariadb = account.databases().stream().anyMatch(d -> "mariadb".equals(d.engine()));
        boolean postgres = account.databases().stream().anyMatch(d -> "postgresql".equals(d.engine()));
        compareVersions("MariaDB/MySQL", MARIADB_VERSION, old, neu, findings, mariadb);
        compareVersions("PostgreSQL", PG_VERSION, old, neu, findings, postgres);

        long arriving = fileBytes + mailBytes + databaseBytes;
        String target = Paths.existingAncestor(neu, account.newHomePath());
        long free = Remote.freeBytes(neu, target);
        if (free < arriving + config.diskHeadroomBytes()) {
            findings.add(new Finding(Severity.BLOCKING, "disk-space", neu.name() + ":" + target,
                    "only " + free + " bytes are free on " + neu.name() + ", but " + arriving
                            + " bytes will arrive (plus " + config.diskHeadroomBytes() + " to spare)"));
        }
        for (String address : oldAddresses(account)) {
            for (String file : Remote.filesNaming(old, account.homePath(), address)) {
                findings.add(new Finding(Severity.WARNING, "hard-coded-old-address", file,
                        "names the old address " + address + ", which stops answering for this account after "
                                + "the move; use the domain name (or, in SPF, the new address) instead"));
            }
        }
        return new InventoryCompleted(fileCount, fileBytes, databaseBytes, mailMessages, mailBytes, findings);
    }

    private static long databaseSize(RemoteHost old, DatabaseSpec database, List<Finding> findings) {
        String[] row;
        if ("mariadb".equals(database.engine())) {
            row = Remote.mariadb(old, "measuring database " + database.name(),
                    "select count(*), coalesce(sum(data_length + index_length), 0), "
                            + "(select count(*) from information_schema.schemata where schema_name = "
                            + Sql.mariadbString(database.name()) + ") from information_schema.tables "
                            + "where table_schema = " + Sql.mariadbString(database.name())).strip().split("\t");
            if ("0".equals(row[2])) {
                findings.add(missingDatabase(database, old));
                return 0;
            }
        } else {
            var exists = old.exec(Shell.command("psql", "-X", "-At", "-d", "postgres", "-c",
                    "select 1 from pg_database where datname = " + Sql.pgString(database.name())));
            if (!exists.ok() || exists.stdout().isBlank()) {
                findings.add(missingDatabase(database, old));
                return 0;
            }
            row = Remote.psql(old, "measuring database " + database.name(), database.name(),
                    "select count(*), pg_database_size(current_database()) from information_schema.tables "
                            + "where table_schema not in ('pg_catalog', 'information_schema')").strip().split("\\|");
        }
        return Long.parseLong(row[1].trim());
    }

    private static Finding missingDatabase(DatabaseSpec database, RemoteHost old) {
        return new Finding(Severity.BLOCKING, "database-missing", database.name(),
                "the " + database.engine() + " database " + database.name() + " does not exist on " + old.name());
    }

    private static void compareVersions(String runtime, String command, RemoteHost old, RemoteHost neu,
                                        List<Finding> findings, boolean needed) {
        if (!needed) {
            return;
        }
        String before = Remote.version(old, command);
        String after = Remote.version(neu, command);
        if (before == null) {
            return;
        }
        if (after == null) {
            findings.add(new Finding(Severity.BLOCKING, "runtime-missing", neu.name(),
                    runtime + " " + before + " runs on " + old.name() + " but is not installed on " + neu.name()));
        } else if (Versions.compare(after, before) < 0) {
            findings.add(new Finding(Severity.BLOCKING, "runtime-older", neu.name(),
                    runtime + " on " + neu.name() + " is " + after + ", older than " + before + " on " + old.name()
                            + "; the account may rely on what the newer version offers"));
        } else if (Versions.major(after) > Versions.major(before)) {
            findings.add(new Finding(Severity.WARNING, "runtime-newer", neu.name(),
                    runtime + " moves from " + before + " to " + after + "; check the site on the test run"));
        }
    }

    private static List<String> oldAddresses(AccountSpec account) {
        List<String> addresses = new ArrayList<>();
        if (account.oldHost().ipv4() != null) {
            addresses.add(account.oldHost().ipv4());
        }
        if (account.oldHost().ipv6() != null) {
            addresses.add(account.oldHost().ipv6());
        }
        return addresses;
    }
}
