package io.hostmove.transfer.bench;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferRequest;
import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.database.CopyReport;
import io.hostmove.transfer.database.DatabaseAccess;
import io.hostmove.transfer.database.DatabaseCopier;
import io.hostmove.transfer.database.DatabaseVerifier;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.SshConnector;
import io.hostmove.transfer.steps.ConfigRewrites;
import io.hostmove.transfer.steps.CutoverStep;
import io.hostmove.transfer.steps.FinaliseStep;
import io.hostmove.transfer.steps.PreCopyStep;
import io.hostmove.transfer.steps.RollbackStep;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The transfer benchmarks of issue 3: the service's own code path (its CDI beans, configuration and SSH
 * connections, in a running transfer-service) side by side with the standard tool, alternating, several rounds,
 * medians. Not a test: the name keeps it out of surefire and failsafe; {@code bench/transfer/run.sh} runs it
 * with {@code -Dtest=TransferBench} and says which benchmarks through {@code HOSTMOVE_BENCH}.
 *
 * <p>The steps run as the service's job runner runs them (a {@link StepContext} per step, closed after it); the
 * Kafka and job-table round trips around a step are left out, since they are not part of a copy or of the
 * downtime the cut-over measures itself. The bench instance reads no requests (its consumers are off) and keeps
 * its jobs and site baselines in a database of its own, so other engineers' tests and services are not touched.
 */
@QuarkusTest
@TestProfile(TransferBench.Profile.class)
class TransferBench {

    /** The bench's own job database, no Kafka consumers, no topic creation. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "jdbc:postgresql://${HOSTMOVE_PG_HOST:127.0.0.1}:${HOSTMOVE_PG_PORT:5432}/hostmove_transfer_bench";
            return Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "%test.quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", "hostmove_transfer_bench",
                    "%test.quarkus.datasource.username", "hostmove_transfer_bench",
                    "hostmove.messaging.create-topics", "false",
                    // The benchmark measures full speed, not the tests' pre-copy limit.
                    "%test.hostmove.transfer.pre-copy-bandwidth", "0",
                    "mp.messaging.incoming.\"hostmove.transfer.requests\".enabled", "false",
                    "mp.messaging.incoming.\"hostmove.migration.lifecycle\".enabled", "false");
        }
    }

    private static final String SHOP_DB = "benchref_shop";
    private static final String WP_DB = "benchref_wp";
    private static final String SITE_DB = "benchref_site";
    private static final String SITE_DB_BY_HAND = "benchref_site_byhand";

    @Inject
    PreCopyStep preCopy;

    @Inject
    CutoverStep cutover;

    @Inject
    RollbackStep rollback;

    @Inject
    FinaliseStep finalise;

    @Inject
    ConfigRewrites rewrites;

    @Inject
    SshConnector connector;

    @Inject
    TransferConfig config;

    private final BenchEnv env = new BenchEnv();
    private Report report;
    private boolean treeReady;

    @Test
    void run() {
        String which = System.getenv().getOrDefault("HOSTMOVE_BENCH", "all");
        List<String> benches = which.equals("all")
                ? List.of("files", "resync", "mariadb", "postgres", "downtime") : List.of(which.split(","));
        report = new Report(env.results);
        report.add("Code measured: " + System.getenv().getOrDefault("HOSTMOVE_BENCH_CODE", "?") + ". Repetitions: "
                + env.repetitions + " per side, alternating which side goes first; seed " + env.seed
                + ". Times are wall-clock seconds.\n\n");
        for (String bench : benches) {
            BenchEnv.log("%s: starting (load %s)", bench, Report.load());
            switch (bench.strip()) {
                case "files" -> files();
                case "resync" -> resync();
                case "mariadb" -> mariadb();
                case "postgres" -> postgres();
                case "downtime" -> downtime();
                default -> throw new IllegalArgumentException("unknown benchmark '" + bench
                        + "' (files, resync, mariadb, postgres, downtime, all)");
            }
            BenchEnv.log("%s: done (load %s)", bench, Report.load());
        }
    }

    // ------------------------------------------------------------------ files

    private void files() {
        ensureTree();
        AccountSpec account = account(List.of());
        ReferenceTree.warm(env.oldHome());
        List<Report.Run> service = new ArrayList<>();
        List<Report.Run> tool = new ArrayList<>();
        String load = Report.load();
        alternate(service, tool,
                () -> {
                    BenchEnv.freshHome(env.newHome());
                    BenchEnv.settle();
                    UUID migration = BenchEnv.newMigrationId();
                    long started = System.nanoTime();
                    PreCopyCompleted done = (PreCopyCompleted) step(preCopy, MigrationStep.PRE_COPY, migration,
                            new PreCopyRequested(account));
                    double seconds = (System.nanoTime() - started) / 1e9;
                    step(finalise, MigrationStep.FINALISE, migration, new FinaliseRequested(account));
                    ReferenceTree.requireSame(env.oldHome(), env.newHome(), "the service's copy");
                    return new Timed(seconds, done.stats().files() + " files, "
                            + Report.megabytes(done.stats().bytes()) + " received");
                },
                () -> {
                    BenchEnv.freshHome(env.byHandHome());
                    BenchEnv.settle();
                    double seconds = BenchEnv.timed(byHandRsync(false));
                    ReferenceTree.requireSame(env.oldHome(), env.byHandHome(), "the rsync copy");
                    return new Timed(seconds, "");
                });
        double ratio = Report.median(seconds(service)) / Report.median(seconds(tool));
        report.comparison("Initial copy of the reference tree: direct mode vs `rsync -a -e ssh`",
                treeSetup() + " Each round starts from an empty new home; the service's time is its whole pre-copy "
                        + "step (SSH logins, migration key, rsync pull). Load average (1 / 5 min) before: " + load
                        + ", after: " + Report.load() + ".",
                "service direct mode", "rsync -a -e ssh", service, tool, true, "≤ 1.05", ratio <= 1.05);
    }

    // ------------------------------------------------------------------ resync

    private void resync() {
        ensureTree();
        AccountSpec account = account(List.of());
        UUID migration = BenchEnv.newMigrationId();
        step(preCopy, MigrationStep.PRE_COPY, migration, new PreCopyRequested(account));
        BenchEnv.run(byHandRsync(true));
        ReferenceTree.warm(env.oldHome());
        List<Report.Run> service = new ArrayList<>();
        List<Report.Run> tool = new ArrayList<>();
        String load = Report.load();
        try {
            for (int round = 1; round <= env.repetitions; round++) {
                long changed = ReferenceTree.changeOnePercent(env.oldHome(), env.seed, round);
                BenchEnv.settle();
                String order = round % 2 == 1 ? "service first" : "rsync first";
                for (int turn = 0; turn < 2; turn++) {
                    boolean serviceTurn = (turn == 0) == (round % 2 == 1);
                    if (serviceTurn) {
                        try {
                            long started = System.nanoTime();
                            PreCopyCompleted done = (PreCopyCompleted) step(preCopy, MigrationStep.PRE_COPY,
                                    migration, new PreCopyRequested(account));
                            double seconds = (System.nanoTime() - started) / 1e9;
                            ReferenceTree.requireSame(env.oldHome(), env.newHome(), "the service's copy");
                            service.add(new Report.Run(round, order, seconds, done.stats().files() + " files, "
                                    + Report.megabytes(done.stats().bytes()) + " received"));
                        } catch (RuntimeException e) {
                            service.add(Report.Run.failed(round, order, brief(e)));
                        }
                    } else {
                        double seconds = BenchEnv.timed(byHandRsync(false));
                        ReferenceTree.requireSame(env.oldHome(), env.byHandHome(), "the rsync copy");
                        tool.add(new Report.Run(round, order, seconds, ""));
                    }
                }
                BenchEnv.log("resync round %d: %s changed", round, Report.megabytes(changed));
            }
        } finally {
            step(finalise, MigrationStep.FINALISE, migration, new FinaliseRequested(account));
        }
        double ratio = Report.median(seconds(service)) / Report.median(seconds(tool));
        report.comparison("Re-sync after 1% of the files changed: direct mode vs `rsync -a -e ssh`",
                treeSetup() + " Before each round 20 of the 2,000 files (never the 1 GiB file) get new bytes; both "
                        + "copies start in sync. The service's time is its whole pre-copy step of the same "
                        + "migration (SSH logins, key check, rsync pull with --delete). Load average before: " + load
                        + ", after: " + Report.load() + ".",
                "service direct mode", "rsync -a -e ssh", service, tool, true, "≤ 1.05", ratio <= 1.05);
    }

    // ------------------------------------------------------------------ databases

    private void mariadb() {
        long bytes = Long.parseLong(System.getenv().getOrDefault("HOSTMOVE_BENCH_DB_BYTES", "1000000000"));
        DatabaseSpec spec = new DatabaseSpec("mariadb", WP_DB, WP_DB);
        try (RemoteHost old = connector.connect(env.old()); RemoteHost neu = connector.connect(env.neu())) {
            long started = System.nanoTime();
            boolean made = ReferenceDatabases.mariadb(old, WP_DB, password(), env.seed, bytes);
            BenchEnv.log("mariadb: %s %s in %.0f s", made ? "generated" : "reused", WP_DB,
                    (System.nanoTime() - started) / 1e9);
            String size = ReferenceDatabases.mariadbRun(old, "SELECT CONCAT(COUNT(*), ' tables, ', "
                    + "ROUND(SUM(DATA_LENGTH + INDEX_LENGTH) / 1e6), ' MB on disk (data + indexes), ', "
                    + "SUM(TABLE_ROWS), ' rows (estimated)') FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + WP_DB + "'", false, null).strip();
            warmDirectory(env.state.resolve("hosts/old/mariadb/data").resolve(WP_DB));
            String byHand = Shell.command("mariadb-dump", "--single-transaction", WP_DB);
            databaseComparison(spec, old, neu,
                    () -> BenchEnv.timed(List.of("bash", "-c", "set -o pipefail; "
                            + Shell.command(env.onHost("new", Shell.command("mariadb", "-e",
                            "DROP DATABASE IF EXISTS " + WP_DB + "; CREATE DATABASE " + WP_DB))) + " && "
                            + Shell.command(env.onHost("old", byHand)) + " | "
                            + Shell.command(env.onHost("new", Shell.command("mariadb", WP_DB))))),
                    "MariaDB: DatabaseCopier vs `mariadb-dump | mariadb`",
                    "A WordPress + WooCommerce-like database generated from the seed, sized for about "
                            + Report.megabytes(bytes) + " of dump: " + size + "; the largest table (wp_posts) holds "
                            + "about 30% of the bytes. The service copies it old → new as at the cut-over: the "
                            + "database made read-only, then `DatabaseCopier` (parallelism "
                            + config.databaseParallelism() + " from its configuration), which moves InnoDB tables as "
                            + "their tablespace files through its JVM (FLUSH TABLES … FOR EXPORT, IMPORT TABLESPACE); "
                            + "the notes give its time for the live database too, as in a pre-copy (each table "
                            + "streamed as SQL, no lock). The standard tool is "
                            + "`ssh old mariadb-dump --single-transaction db | ssh new mariadb db` after a DROP and "
                            + "CREATE DATABASE on the new host. Both times include dropping the previous copy.",
                    "`mariadb-dump | mariadb`");
        }
    }

    private void postgres() {
        long bytes = Long.parseLong(System.getenv().getOrDefault("HOSTMOVE_BENCH_DB_BYTES", "1000000000"));
        String owner = BenchEnv.USER;
        DatabaseSpec spec = new DatabaseSpec("postgresql", SHOP_DB, owner);
        try (RemoteHost old = connector.connect(env.old()); RemoteHost neu = connector.connect(env.neu())) {
            long started = System.nanoTime();
            boolean made = ReferenceDatabases.postgres(old, SHOP_DB, owner, password(), env.seed, bytes);
            BenchEnv.log("postgres: %s %s in %.0f s", made ? "generated" : "reused", SHOP_DB,
                    (System.nanoTime() - started) / 1e9);
            String size = ReferenceDatabases.psql(old, SHOP_DB, "SELECT count(*) || ' tables, ' || "
                    + "round(pg_database_size(current_database()) / 1e6) || ' MB on disk (data + indexes), ' || "
                    + "sum(n_live_tup) || ' rows' FROM pg_stat_user_tables", null).strip();
            String oid = ReferenceDatabases.psql(old, "postgres", "SELECT oid FROM pg_database WHERE datname = '"
                    + SHOP_DB + "'", null).strip();
            warmDirectory(env.state.resolve("hosts/old/postgres/data/base").resolve(oid));
            databaseComparison(spec, old, neu,
                    () -> {
                        ReferenceDatabases.psql(neu, "postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles "
                                + "WHERE rolname = '" + owner + "') THEN CREATE ROLE " + owner + " LOGIN; END IF; "
                                + "END $$;", null);
                        return BenchEnv.timed(List.of("bash", "-c", "set -o pipefail; "
                                + Shell.command(env.onHost("new", Shell.command("psql", "-X", "-q", "-v",
                                "ON_ERROR_STOP=1", "-d", "postgres", "-c", "DROP DATABASE IF EXISTS " + SHOP_DB
                                        + " WITH (FORCE)", "-c", "CREATE DATABASE " + SHOP_DB + " OWNER " + owner)))
                                + " && " + Shell.command(env.onHost("old", Shell.command("pg_dump", SHOP_DB)))
                                + " | " + Shell.command(env.onHost("new", Shell.command("psql", "-X", "-q", "-v",
                                "ON_ERROR_STOP=1", "-d", SHOP_DB)))));
                    },
                    "PostgreSQL: DatabaseCopier vs `pg_dump | psql`",
                    "A shop-like database generated from the seed, sized for about " + Report.megabytes(bytes)
                            + " of dump: " + size + " (customers, products, orders, "
                            + "order lines, a jsonb event log, page views; foreign keys and secondary indexes), "
                            + "the largest table (events) about 30% of the bytes. The service streams it old → new "
                            + "with `DatabaseCopier` (parallelism " + config.databaseParallelism() + "), as at the "
                            + "cut-over (read-only first) and, in the notes, as in a pre-copy; the standard "
                            + "tool is `ssh old pg_dump db | ssh new psql db` after DROP and CREATE DATABASE on the "
                            + "new host.",
                    "`pg_dump | psql`");
        }
    }

    /**
     * The service's copy as at the cut-over (the source read-only, as the step makes it first) against the tool;
     * each service round also times the pre-copy's copy of the live database, for the notes.
     */
    private void databaseComparison(DatabaseSpec spec, RemoteHost old, RemoteHost neu, DoubleSupplier byHand,
                                    String title, String setup, String toolLabel) {
        DatabaseAccess access = new DatabaseAccess();
        DatabaseCopier copier = new DatabaseCopier(config.databaseParallelism(), access);
        DatabaseVerifier verifier = new DatabaseVerifier();
        List<Report.Run> service = new ArrayList<>();
        List<Report.Run> tool = new ArrayList<>();
        String load = Report.load();
        alternate(service, tool,
                () -> {
                    BenchEnv.settle();
                    access.makeReadOnly(spec, old);
                    double seconds;
                    CopyReport copy;
                    try {
                        long started = System.nanoTime();
                        copy = copier.copy(spec, old, neu, DatabaseCopier.Method.AUTO, true, n -> { });
                        seconds = (System.nanoTime() - started) / 1e9;
                        requireEqual(verifier.differences(spec, old, neu), "the service's copy of " + spec.name());
                    } finally {
                        access.makeWritable(spec, old);
                    }
                    BenchEnv.settle();
                    long started = System.nanoTime();
                    CopyReport live = copier.copy(spec, old, neu);
                    double liveSeconds = (System.nanoTime() - started) / 1e9;
                    requireEqual(verifier.differences(spec, old, neu), "the service's copy of " + spec.name());
                    return new Timed(seconds, copy.path() + ", " + Report.megabytes(copy.bytes()) + " streamed, "
                            + String.format(Locale.ROOT, "%.0f MB/s; the live database as in a pre-copy: %.2f s (%s)",
                            copy.bytes() / 1e6 / seconds, liveSeconds, live.path()));
                },
                () -> {
                    BenchEnv.settle();
                    double seconds = byHand.getAsDouble();
                    requireEqual(verifier.differences(spec, old, neu), "the " + toolLabel + " copy of " + spec.name());
                    return new Timed(seconds, "");
                });
        double speedUp = Report.median(seconds(tool)) / Report.median(seconds(service));
        report.comparison(title, setup + " Load average before: " + load + ", after: " + Report.load() + ".",
                "service DatabaseCopier", toolLabel, service, tool, false, "≥ 2.5×", speedUp >= 2.5);
    }

    // ------------------------------------------------------------------ downtime

    private void downtime() {
        long bytes = Long.parseLong(System.getenv().getOrDefault("HOSTMOVE_BENCH_SITE_DB_BYTES", "200000000"));
        ensureTree();
        DatabaseSpec database = new DatabaseSpec("mariadb", SITE_DB, SITE_DB);
        AccountSpec account = account(List.of(database));
        List<Report.Run> service = new ArrayList<>();
        List<Report.Run> tool = new ArrayList<>();
        String size;
        try (RemoteHost old = connector.connect(env.old())) {
            boolean made = ReferenceDatabases.mariadb(old, SITE_DB, ReferenceTree.databasePassword(env.oldHome()),
                    env.seed, bytes);
            BenchEnv.log("downtime: %s %s", made ? "generated" : "reused", SITE_DB);
            size = ReferenceDatabases.mariadbRun(old, "SELECT ROUND(SUM(DATA_LENGTH + INDEX_LENGTH) / 1e6) FROM "
                    + "information_schema.TABLES WHERE TABLE_SCHEMA = '" + SITE_DB + "'", false, null).strip();
        }
        siteConfig();
        ReferenceTree.warm(env.oldHome());
        String load = Report.load();
        for (int round = 1; round <= env.repetitions; round++) {
            UUID migration = BenchEnv.newMigrationId();
            String failed = null;
            try {
                step(preCopy, MigrationStep.PRE_COPY, migration, new PreCopyRequested(account));
            } catch (RuntimeException e) {
                failed = "pre-copy failed: " + brief(e);
            }
            BenchEnv.run(byHandRsync(true));
            ReferenceTree.changeOnePercent(env.oldHome(), env.seed, 100 + round);
            try (RemoteHost old = connector.connect(env.old())) {
                ReferenceDatabases.mariadbRun(old, "UPDATE " + SITE_DB + ".wp_posts SET post_title = CONCAT("
                        + "post_title, ' (updated)') WHERE ID % 1000 = " + round, false, null);
            }
            BenchEnv.settle();
            String order = round % 2 == 1 ? "service first" : "by hand first";
            try {
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == (round % 2 == 1)) {
                        service.add(failed != null ? Report.Run.failed(round, order, failed)
                                : serviceCutover(round, order, migration, account));
                    } else {
                        tool.add(new Report.Run(round, order, BenchEnv.timed(byHandCutover()), ""));
                    }
                }
            } finally {
                step(finalise, MigrationStep.FINALISE, migration, new FinaliseRequested(account));
            }
        }
        double median = Report.median(seconds(service));
        report.comparison("Downtime of the reference account: maintenance on → new side live",
                "The reference account: the reference tree (" + ReferenceTree.FILES + " files / 500 MiB site plus "
                        + "the 1 GiB backup file), served by nginx as " + BenchEnv.DOMAIN + ", and a MariaDB database of "
                        + "the same generator sized for about " + Report.megabytes(bytes) + " of dump (" + size
                        + " MB on disk), named in its wp-config.php. Each "
                        + "round: a pre-copy (not timed), then 1% of the files changed and some rows updated, then "
                        + "the cut-over. The service's figure is its own `CutoverCompleted.downtimeMillis` "
                        + "(maintenance on, database read-only, final rsync, full database copy, rsync checksum "
                        + "dry-run, row counts and CHECKSUM TABLE, config rewriting, page checks); after each the "
                        + "account is rolled back. \"By hand\" is the runbook's minimum for comparison: maintenance "
                        + "file on, `rsync -a --delete`, `mariadb-dump | mariadb`, maintenance file off, with no "
                        + "checks and no config rewriting. Load average before: " + load + ", after: "
                        + Report.load() + ".",
                "service downtime", "by hand (no checks)", service, tool, true, "service downtime < 20 s (the "
                        + "ratio is for information)", median < 20);
        anatomy(account, database);
    }

    /**
     * Where the service's downtime goes: the cut-over's parts that do not depend on what changed, each timed on
     * its own (median of the rounds) right after the last cut-over, with the new side as the cut-over left it.
     */
    private void anatomy(AccountSpec account, DatabaseSpec database) {
        List<Double> command = new ArrayList<>();
        List<Double> scan = new ArrayList<>();
        List<Double> checksum = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        List<Double> verify = new ArrayList<>();
        int candidates = 0;
        DatabaseAccess access = new DatabaseAccess();
        DatabaseCopier copier = new DatabaseCopier(config.databaseParallelism(), access);
        DatabaseVerifier verifier = new DatabaseVerifier();
        String dryRun = Shell.command("rsync", "-anc", "--itemize-changes", "--numeric-ids", "--delete", "-e",
                env.operatorSsh() + " -o Ciphers=aes128-gcm@openssh.com", "root@127.0.0.2:" + env.oldHome() + "/",
                env.newHome() + "/");
        try (RemoteHost old = connector.connect(env.old()); RemoteHost neu = connector.connect(env.neu())) {
            for (int round = 1; round <= env.repetitions; round++) {
                long started = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    neu.run("a round trip", Shell.command("true"));
                }
                command.add((System.nanoTime() - started) / 1e9 / 20);
                started = System.nanoTime();
                rewrites.apply(account, neu);
                scan.add((System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                neu.run("the checksum dry-run", dryRun);
                checksum.add((System.nanoTime() - started) / 1e9);
                // As at the cut-over: the database read-only, its tables copied as their tablespace files.
                access.makeReadOnly(database, old);
                try {
                    started = System.nanoTime();
                    copier.copy(database, old, neu, DatabaseCopier.Method.AUTO, true, n -> { });
                    copy.add((System.nanoTime() - started) / 1e9);
                } finally {
                    access.makeWritable(database, old);
                }
                started = System.nanoTime();
                requireEqual(verifier.differences(database, old, neu), "the copy of " + database.name());
                verify.add((System.nanoTime() - started) / 1e9);
            }
            candidates = Integer.parseInt(BenchEnv.run(List.of("sh", "-c", "find \"$1\" -path \"$1/Maildir\" -prune "
                    + "-o -type f -size -1025k \\( -name '*.php' -o -name '*.ini' -o -name '*.htaccess' -o -name '.env*' "
                    + "-o -name '*.env' -o -name '*.yml' -o -name '*.yaml' -o -name '*.json' -o -name '*.conf' \\) "
                    + "! -name '*.hostmove-orig' -print | wc -l", "sh", env.newHome().toString())).strip());
        }
        report.add("Where the service's downtime goes, each part timed on its own after the last round (median of "
                + env.repetitions + "):\n\n"
                + "| part of the cut-over | seconds |\n|---|---:|\n"
                + "| one remote command over the open SSH connection (`true`) | "
                + Report.seconds(Report.median(command)) + " |\n"
                + "| config rewriting: list the home and read each of its " + candidates + " candidate config files "
                + "(no change left to make) | " + Report.seconds(Report.median(scan)) + " |\n"
                + "| verification: rsync checksum dry-run of the whole home (`rsync -anc`) | "
                + Report.seconds(Report.median(checksum)) + " |\n"
                + "| database: full copy with DatabaseCopier, read-only source (tablespace files) | " + Report.seconds(Report.median(copy)) + " |\n"
                + "| database: row counts and CHECKSUM TABLE on both hosts | "
                + Report.seconds(Report.median(verify)) + " |\n\n"
                + "The final rsync of the changed files is what the re-sync benchmark measures.\n\n");
    }

    /** One cut-over and its own downtime figure; the account is rolled back after it, whatever happened. */
    private Report.Run serviceCutover(int round, String order, UUID migration, AccountSpec account) {
        try {
            long started = System.nanoTime();
            CutoverCompleted done = (CutoverCompleted) step(cutover, MigrationStep.CUTOVER, migration,
                    new CutoverRequested(account));
            double wall = (System.nanoTime() - started) / 1e9;
            requireLive("127.0.0.3");
            return new Report.Run(round, order, done.downtimeMillis() / 1000.0, String.format(Locale.ROOT,
                    "step %.2f s in all; %d files, %s of files, %s of database; %d config change(s)", wall,
                    done.stats().files(), Report.megabytes(done.stats().bytes()),
                    Report.megabytes(done.stats().databaseBytes()), done.rewrites().size()));
        } catch (RuntimeException e) {
            return Report.Run.failed(round, order, "cut-over failed: " + brief(e));
        } finally {
            step(rollback, MigrationStep.TRANSFER_ROLLBACK, migration, new TransferRollbackRequested(account, false));
        }
    }

    private List<String> byHandCutover() {
        String maintenance = env.maintenanceFile("old").toString();
        return List.of("bash", "-c", "set -eo pipefail; "
                + Shell.command(env.onHost("old", Shell.command("touch", maintenance))) + "; "
                + Shell.command(byHandRsync(true)) + "; "
                + Shell.command(env.onHost("new", Shell.command("mariadb", "-e", "DROP DATABASE IF EXISTS "
                + SITE_DB_BY_HAND + "; CREATE DATABASE " + SITE_DB_BY_HAND))) + "; "
                + Shell.command(env.onHost("old", Shell.command("mariadb-dump", "--single-transaction", SITE_DB)))
                + " | " + Shell.command(env.onHost("new", Shell.command("mariadb", SITE_DB_BY_HAND))) + "; "
                + Shell.command(env.onHost("old", Shell.command("rm", "-f", maintenance))));
    }

    /** The bench site on both hosts' nginx, as deploy/hosts.sh writes the sample sites. */
    private void siteConfig() {
        for (String side : List.of("old", "new")) {
            Path hostRoot = env.root.resolve(side);
            Path docroot = hostRoot.resolve("home").resolve(BenchEnv.USER).resolve(ReferenceTree.DOCROOT);
            BenchEnv.writeString(hostRoot.resolve("etc/nginx/sites").resolve(BenchEnv.DOMAIN + ".conf"), """
                    # The transfer benchmarks' site (bench/transfer/run.sh writes it, run.sh clean removes it).
                    server {
                        include listen.conf;
                        server_name %s;
                        root %s;
                        index index.html;
                        error_page 503 /.hostmove-maintenance.html;
                        location = /.hostmove-maintenance.html {
                            internal;
                            alias %s/etc/maintenance.html;
                        }
                        location / {
                            if (-f %s/etc/maintenance/$host) { return 503; }
                        }
                    }
                    """.formatted(BenchEnv.DOMAIN, docroot, hostRoot, hostRoot));
        }
        BenchEnv.run(List.of("bash", env.repo.resolve("deploy/hosts.sh").toString(), "reload"));
        // nginx takes the new site once its workers have restarted, a moment after the reload signal
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> requireLive("127.0.0.2"));
    }

    private void requireLive(String address) {
        String page = BenchEnv.run(List.of("curl", "-sS", "--max-time", "10", "-H", "Host: " + BenchEnv.DOMAIN,
                "http://" + address + ":" + System.getenv("HOSTMOVE_HOSTS_HTTP_PORT") + "/"));
        if (!page.contains("<title>" + ReferenceTree.SITE_TITLE + "</title>")) {
            throw new IllegalStateException(BenchEnv.DOMAIN + " on " + address + " does not serve its page: "
                    + page.substring(0, Math.min(200, page.length())));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** One timed run and what its notes column says. */
    private record Timed(double seconds, String note) {
    }

    /** Runs {@code service} and {@code tool} once per round, alternating which goes first. */
    private void alternate(List<Report.Run> service, List<Report.Run> tool, Supplier<Timed> serviceRun,
                           Supplier<Timed> toolRun) {
        for (int round = 1; round <= env.repetitions; round++) {
            String order = round % 2 == 1 ? "service first" : "tool first";
            for (int turn = 0; turn < 2; turn++) {
                boolean serviceTurn = (turn == 0) == (round % 2 == 1);
                Report.Run run;
                try {
                    Timed timed = serviceTurn ? serviceRun.get() : toolRun.get();
                    run = new Report.Run(round, order, timed.seconds(), timed.note());
                } catch (RuntimeException e) {
                    if (!serviceTurn) {
                        throw e;
                    }
                    // the service failing is a result too: recorded, and the rounds go on
                    run = Report.Run.failed(round, order, brief(e));
                }
                (serviceTurn ? service : tool).add(run);
                BenchEnv.log("round %d: %s %.2f s %s", round, serviceTurn ? "service" : "tool", run.seconds(),
                        run.note());
            }
        }
    }

    private void ensureTree() {
        if (!treeReady) {
            long started = System.nanoTime();
            ReferenceTree.generate(env.oldHome(), env.seed, BenchEnv.USER, SITE_DB,
                    "127.0.0.2:" + System.getenv("HOSTMOVE_HOSTS_MARIADB_PORT"));
            BenchEnv.log("generated the reference tree in %.0f s", (System.nanoTime() - started) / 1e9);
            treeReady = true;
        }
    }

    private String treeSetup() {
        return "The reference tree: a WordPress-like site of " + ReferenceTree.FILES + " files (760 core and 180 "
                + "plugin code files, a theme, 1,037 uploads of 20 KB–4 MB) of 500 MiB, plus one 1 GiB file; "
                + "incompressible uploads, generated from the seed. The new host pulls from the old one (both on "
                + "this machine, 127.0.0.2 → 127.0.0.3, OpenSSH). The service's rsync runs with its migration key "
                + "(rrsync -ro), `-aH --numeric-ids --delete --stats` and AES-128-GCM; the by-hand run is `rsync -a "
                + "-e ssh` started on the new host with OpenSSH's default cipher.";
    }

    private List<String> byHandRsync(boolean delete) {
        List<String> rsync = new ArrayList<>(List.of("rsync", "-a"));
        if (delete) {
            rsync.add("--delete");
        }
        rsync.addAll(List.of("-e", env.operatorSsh(), "root@127.0.0.2:" + env.oldHome() + "/",
                env.byHandHome() + "/"));
        return env.onHost("new", Shell.command(rsync));
    }

    private AccountSpec account(List<DatabaseSpec> databases) {
        String home = env.oldHome().toString();
        return new AccountSpec(UUID.nameUUIDFromBytes(BenchEnv.USER.getBytes()), BenchEnv.USER, home,
                env.newHome().toString(), env.old(), env.neu(),
                List.of(new SiteSpec(BenchEnv.DOMAIN, List.of(), home + "/" + ReferenceTree.DOCROOT)), databases,
                List.of(), List.of(BenchEnv.DOMAIN));
    }

    /** Runs a step as the service's job runner does: its own context, closed afterwards. */
    private <R extends TransferRequest> TransferResult step(TransferStep<R> step, MigrationStep kind, UUID migration,
                                                            R request) {
        try (StepContext context = context(migration, kind)) {
            return step.run(request, context);
        }
    }

    /**
     * A step's context as the job runner makes it. Its constructor is the runner's, not public: reached by
     * reflection, whichever way the step's progress is passed (a consumer of progress events, or a Progress
     * built with the configured interval), the events themselves going nowhere.
     */
    private StepContext context(UUID migration, MigrationStep kind) {
        try {
            Constructor<?> constructor = Arrays.stream(StepContext.class.getDeclaredConstructors())
                    .filter(c -> c.getParameterCount() == 4 && c.getParameterTypes()[0] == UUID.class)
                    .findFirst().orElseThrow(() -> new IllegalStateException("StepContext has no constructor "
                            + "(UUID, MigrationStep, SshConnector, progress): adapt the bench"));
            constructor.setAccessible(true);
            Class<?> progressType = constructor.getParameterTypes()[3];
            Consumer<Object> discard = ignored -> {
            };
            Object progress = progressType == Consumer.class ? discard : progress(progressType, kind, discard);
            return (StepContext) constructor.newInstance(migration, kind, connector, progress);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a StepContext: adapt the bench", e);
        }
    }

    private static Object progress(Class<?> type, MigrationStep kind, Consumer<Object> publish)
            throws ReflectiveOperationException {
        Duration interval = ConfigProvider.getConfig()
                .getOptionalValue("hostmove.transfer.progress-interval", Duration.class).orElse(Duration.ofSeconds(3));
        Constructor<?> constructor = type.getDeclaredConstructor(MigrationStep.class, Duration.class, Consumer.class,
                LongSupplier.class);
        constructor.setAccessible(true);
        LongSupplier clock = System::nanoTime;
        return constructor.newInstance(kind, interval, publish, clock);
    }

    /** Reads a database's files once (a file the server removes meanwhile does not matter). */
    private static void warmDirectory(Path directory) {
        BenchEnv.run(List.of("sh", "-c", "find \"$1\" -type f -exec cat {} + > /dev/null 2>&1; exit 0", "sh",
                directory.toString()));
    }

    private static void requireEqual(List<String> differences, String what) {
        if (!differences.isEmpty()) {
            throw new IllegalStateException(what + " differs: " + differences);
        }
    }

    /** The seconds of the runs that succeeded. */
    private static List<Double> seconds(List<Report.Run> runs) {
        return runs.stream().map(Report.Run::seconds).filter(Double::isFinite).toList();
    }

    /** A failure in one line: the message, then the first suppressed cause (often the real one). */
    private static String brief(RuntimeException e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getSuppressed().length > 0) {
            text += " (with " + e.getSuppressed()[0].getMessage() + ")";
        }
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    /** A throwaway password for a bench database user (the copy carries its hash; nobody logs in with it). */
    private static String password() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
