package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.database.DatabaseCopier.Method;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.StepCancelledException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hostmove.transfer.database.TestHosts.mariadb;
import static io.hostmove.transfer.database.TestHosts.mariadbAs;
import static io.hostmove.transfer.database.TestHosts.psql;
import static io.hostmove.transfer.database.TestHosts.psqlAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The database copy, verification and read-only switch against the simulated hosts of {@code deploy/hosts.sh}
 * (seeded with nordlys and sonnenschein). Copies go old → new; whatever a test changes on the old host it puts
 * back, and what the tests create on the new host is removed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseCopyIT {

    static final DatabaseSpec NORDLYS = new DatabaseSpec("mariadb", "nordlys_wp", "nordlys_wp");
    static final DatabaseSpec SONNENSCHEIN = new DatabaseSpec("postgresql", "sonnenschein_shop", "sonnenschein");

    private final DatabaseCopier copier = new DatabaseCopier(4);
    private final DatabaseVerifier verifier = new DatabaseVerifier();
    private final DatabaseAccess access = new DatabaseAccess();

    private RemoteHost old;
    private RemoteHost neu;
    private String nordlysPassword;
    private String sonnenscheinPassword;
    private final int scale = TestHosts.seedScale();

    @BeforeAll
    void connect() {
        assertThat(TestHosts.up()).as("the simulated hosts run (deploy/hosts.sh start)").isTrue();
        old = TestHosts.connect(TestHosts.OLD);
        neu = TestHosts.connect(TestHosts.NEW);
        // Fresh accounts: an earlier migration of them (the end-to-end test's) leaves read-only grants behind.
        assertThat(TestHosts.hostsScript("seed", "nordlys", "sonnenschein")).as("deploy/hosts.sh seed").isNotNull();
        String webRoot = old.run("reading the web root", Shell.script("printf %s \"$HOSTMOVE_WEB_ROOT\"")).strip();
        nordlysPassword = find(old, webRoot + "/home/nordlys/public_html/wp-config.php",
                "define\\(\\s*'DB_PASSWORD',\\s*'([^']*)'\\s*\\)");
        sonnenscheinPassword = find(old, webRoot + "/home/sonnenschein/www/configuration.php",
                "public \\$password\\s*=\\s*'([^']*)';");
    }

    @AfterAll
    void cleanUp() {
        if (neu == null) {
            return;
        }
        try {
            mariadb(neu, "DROP DATABASE IF EXISTS `nordlys_wp`; DROP USER IF EXISTS 'nordlys_wp'@'127.%', "
                    + "'nordlys_wp'@'localhost'");
            psql(neu, Postgres.MAINTENANCE_DB, "DROP DATABASE IF EXISTS sonnenschein_shop WITH (FORCE)");
            psql(neu, Postgres.MAINTENANCE_DB, "DROP ROLE IF EXISTS sonnenschein");
        } finally {
            old.close();
            neu.close();
        }
    }

    @Test
    @Order(1)
    void mariadbIsCopiedPerTableWithItsUserAndPassword() {
        CopyReport report = copier.copy(NORDLYS, old, neu);

        assertThat(report.path()).isEqualTo("mariadb per-table x3");
        assertThat(report.parallelism()).isEqualTo(3);
        assertThat(report.tables()).isEqualTo(3);
        assertThat(report.bytes()).isPositive();
        assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
        assertThat(mariadb(neu, "SELECT (SELECT COUNT(*) FROM nordlys_wp.wp_options), "
                + "(SELECT COUNT(*) FROM nordlys_wp.wp_users), (SELECT COUNT(*) FROM nordlys_wp.wp_posts)"))
                .containsExactly(List.of("16", "5", String.valueOf(5000 * scale)));
        assertThat(mariadb(neu, "SELECT user_login FROM nordlys_wp.wp_users WHERE display_name = 'Bjørn Åsheim'"))
                .containsExactly(List.of("bjørn"));

        ExecResult login = mariadbAs(neu, "nordlys_wp", nordlysPassword, "nordlys_wp",
                "SELECT COUNT(*) FROM wp_posts; INSERT INTO wp_options (option_name, option_value) VALUES "
                        + "('hostmove_it_probe', 'x'); DELETE FROM wp_options WHERE option_name = 'hostmove_it_probe';");
        assertThat(login.stderr()).isEmpty();
        assertThat(login.stdout().strip()).isEqualTo(String.valueOf(5000 * scale));
        assertThat(mariadbAs(neu, "nordlys_wp", "not-" + nordlysPassword, "nordlys_wp", "SELECT 1").ok()).isFalse();
    }

    @Test
    @Order(2)
    void postgresqlIsCopiedPerTableWithItsRoleAndPassword() {
        CopyReport report = copier.copy(SONNENSCHEIN, old, neu);

        assertThat(report.path()).isEqualTo("postgresql per-table x2");
        assertThat(report.tables()).isEqualTo(2);
        assertThat(verifier.differences(SONNENSCHEIN, old, neu)).isEmpty();
        assertThat(psql(neu, "sonnenschein_shop", "SELECT (SELECT count(*) FROM products) || ' ' || "
                + "(SELECT count(*) FROM orders)")).containsExactly((2000 * scale) + " " + (10000 * scale));
        assertThat(psql(neu, "sonnenschein_shop", "SELECT count(*) FROM daily_revenue")).isNotEmpty();
        assertThat(psql(neu, "sonnenschein_shop", "SELECT indexname FROM pg_indexes WHERE tablename = 'orders' "
                + "ORDER BY 1")).contains("orders_ordered_at_idx", "orders_pkey", "orders_product_id_idx");
        assertThat(psql(neu, "sonnenschein_shop", "SELECT pg_get_userbyid(datdba) FROM pg_database "
                + "WHERE datname = current_database()")).containsExactly("sonnenschein");
        // the sequences go on where they stopped on the old host
        assertThat(psql(neu, "sonnenschein_shop", "SELECT last_value FROM orders_id_seq"))
                .isEqualTo(psql(old, "sonnenschein_shop", "SELECT last_value FROM orders_id_seq"));

        ExecResult login = psqlAs(neu, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop",
                "SELECT count(*) FROM products; BEGIN; INSERT INTO products (sku, name, description, price) "
                        + "VALUES ('IT-PROBE', 'Probe', 'x', 1); ROLLBACK;");
        assertThat(login.stderr()).isEmpty();
        assertThat(login.stdout().strip()).isEqualTo(String.valueOf(2000 * scale));
        assertThat(psqlAs(neu, "sonnenschein", "not-" + sonnenscheinPassword, "sonnenschein_shop", "SELECT 1").ok())
                .isFalse();
    }

    @Test
    @Order(3)
    void aSecondCopyCarriesWhatChangedOnTheOldHost() {
        copier.copy(NORDLYS, old, neu);
        copier.copy(SONNENSCHEIN, old, neu);
        String description = mariadb(old, "SELECT option_value FROM nordlys_wp.wp_options "
                + "WHERE option_name = 'blogdescription'").get(0).get(0);
        String productName = psql(old, "sonnenschein_shop", "SELECT name FROM products WHERE id = 1").get(0);
        String marker = "changed by DatabaseCopyIT " + System.nanoTime();
        try {
            mariadb(old, "UPDATE nordlys_wp.wp_options SET option_value = " + Mariadb.string(marker)
                    + " WHERE option_name = 'blogdescription'");
            psql(old, "sonnenschein_shop", "UPDATE products SET name = " + Postgres.string(marker) + " WHERE id = 1");

            assertThat(copier.copy(NORDLYS, old, neu, Method.SINGLE_STREAM, n -> { }).path())
                    .isEqualTo("mariadb single stream");
            assertThat(copier.copy(SONNENSCHEIN, old, neu).path()).isEqualTo("postgresql per-table x2");

            assertThat(mariadb(neu, "SELECT option_value FROM nordlys_wp.wp_options "
                    + "WHERE option_name = 'blogdescription'")).containsExactly(List.of(marker));
            assertThat(psql(neu, "sonnenschein_shop", "SELECT name FROM products WHERE id = 1")).containsExactly(marker);
            assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
            assertThat(verifier.differences(SONNENSCHEIN, old, neu)).isEmpty();

            // and the verifier notices a difference, in words
            mariadb(neu, "DELETE FROM nordlys_wp.wp_users WHERE user_login = 'kari'");
            mariadb(neu, "UPDATE nordlys_wp.wp_options SET option_value = 'other' WHERE option_name = 'blogname'");
            psql(neu, "sonnenschein_shop", "DELETE FROM orders WHERE id = 1");
            List<String> differences = verifier.differences(NORDLYS, old, neu);
            assertThat(differences).hasSize(2).contains("table wp_users of nordlys_wp has 5 rows on old but 4 on new");
            assertThat(differences).anyMatch(d -> d.matches(
                    "table wp_options of nordlys_wp has checksum \\d+ on old but \\d+ on new"));
            assertThat(verifier.differences(SONNENSCHEIN, old, neu)).containsExactly(
                    "table public.orders of sonnenschein_shop has " + (10000 * scale) + " rows on old but "
                            + (10000 * scale - 1) + " on new");
        } finally {
            mariadb(old, "UPDATE nordlys_wp.wp_options SET option_value = " + Mariadb.string(description)
                    + " WHERE option_name = 'blogdescription'");
            psql(old, "sonnenschein_shop", "UPDATE products SET name = " + Postgres.string(productName)
                    + " WHERE id = 1");
        }
    }

    @Test
    @Order(4)
    void mariadbReadOnlyStopsWritesOfTheUserOnThatDatabaseAndTheCopyKeepsTheRealGrants() {
        String insert = "INSERT INTO wp_options (option_name, option_value) VALUES ('hostmove_it_probe', 'x')";
        String delete = "DELETE FROM wp_options WHERE option_name = 'hostmove_it_probe'";
        String grantsBefore = grants(old, "nordlys_wp");
        try {
            access.makeReadOnly(NORDLYS, old);
            access.makeReadOnly(NORDLYS, old);

            ExecResult refused = mariadbAs(old, "nordlys_wp", nordlysPassword, "nordlys_wp", insert);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.stderr()).contains("denied");
            assertThat(mariadbAs(old, "nordlys_wp", nordlysPassword, "nordlys_wp", "SELECT COUNT(*) FROM wp_users")
                    .stdout().strip()).isEqualTo("5");
            String file = access.mariadb().grantsFile(old, NORDLYS);
            assertThat(old.run("stat", Shell.command("stat", "-c", "%a %U", file)).strip()).isEqualTo("600 root");
            assertThat(file).startsWith("/root/.hostmove/grants/");
            assertThat(old.run("cat", Shell.command("cat", file))).doesNotContain("IDENTIFIED", "PASSWORD");

            // the final copy, as at cut-over: the new host gets the grants as they were, not the read-only ones
            CopyReport report = copier.copy(NORDLYS, old, neu);
            assertThat(report.path()).isEqualTo("mariadb per-table x3");
            assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
            ExecResult onNew = mariadbAs(neu, "nordlys_wp", nordlysPassword, "nordlys_wp", insert + ";" + delete);
            assertThat(onNew.stderr()).isEmpty();
            assertThat(grants(neu, "nordlys_wp")).isEqualTo(grantsBefore);

            // read-only on the new host too, and back
            access.makeReadOnly(NORDLYS, neu);
            assertThat(mariadbAs(neu, "nordlys_wp", nordlysPassword, "nordlys_wp", insert).ok()).isFalse();
            access.makeWritable(NORDLYS, neu);
            assertThat(mariadbAs(neu, "nordlys_wp", nordlysPassword, "nordlys_wp", insert + ";" + delete).stderr())
                    .isEmpty();
        } finally {
            access.makeWritable(NORDLYS, old);
        }
        access.makeWritable(NORDLYS, old);
        assertThat(grants(old, "nordlys_wp")).isEqualTo(grantsBefore);
        ExecResult writes = mariadbAs(old, "nordlys_wp", nordlysPassword, "nordlys_wp", insert + ";" + delete);
        assertThat(writes.stderr()).isEmpty();
        assertThat(writes.ok()).isTrue();
    }

    @Test
    @Order(5)
    void postgresqlReadOnlyStopsWritesOnThatDatabaseOnly() {
        String insert = "INSERT INTO products (sku, name, description, price) VALUES ('IT-PROBE', 'Probe', 'x', 1)";
        String delete = "DELETE FROM products WHERE sku = 'IT-PROBE'";
        try {
            access.makeReadOnly(SONNENSCHEIN, old);
            access.makeReadOnly(SONNENSCHEIN, old);

            ExecResult refused = psqlAs(old, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop", insert);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.stderr()).contains("read-only transaction");
            // the rest of the server is untouched
            assertThat(psql(old, Postgres.MAINTENANCE_DB, "SHOW default_transaction_read_only")).containsExactly("off");

            CopyReport report = copier.copy(SONNENSCHEIN, old, neu, Method.SINGLE_STREAM, n -> { });
            assertThat(report.path()).isEqualTo("postgresql single stream");
            assertThat(verifier.differences(SONNENSCHEIN, old, neu)).isEmpty();
            assertThat(psqlAs(neu, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop",
                    "BEGIN; " + insert + "; ROLLBACK;").stderr()).isEmpty();

            access.makeReadOnly(SONNENSCHEIN, neu);
            assertThat(psqlAs(neu, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop", insert).ok()).isFalse();
            access.makeWritable(SONNENSCHEIN, neu);
            assertThat(psqlAs(neu, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop",
                    "BEGIN; " + insert + "; ROLLBACK;").stderr()).isEmpty();
        } finally {
            access.makeWritable(SONNENSCHEIN, old);
        }
        access.makeWritable(SONNENSCHEIN, old);
        ExecResult writes = psqlAs(old, "sonnenschein", sonnenscheinPassword, "sonnenschein_shop",
                "BEGIN; " + insert + "; " + delete + "; COMMIT;");
        assertThat(writes.stderr()).isEmpty();
        assertThat(writes.ok()).isTrue();
    }

    @Test
    @Order(6)
    void aFrozenMariadbDatabaseGoesAsItsTablespaceFilesWhereItCanAndAsSqlElsewhere() {
        mariadb(old, """
                CREATE TABLE nordlys_wp.hm_it_myisam (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=MyISAM;
                INSERT INTO nordlys_wp.hm_it_myisam VALUES (1, 'ærfugl'), (2, 'ørret');
                CREATE TABLE nordlys_wp.hm_it_search (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT,
                    FULLTEXT (body)) ENGINE=InnoDB;
                INSERT INTO nordlys_wp.hm_it_search (body) VALUES ('brunost og vafler'), ('kanelsnurr');""");
        try {
            access.makeReadOnly(NORDLYS, old);
            CopyReport report = copier.copy(NORDLYS, old, neu, Method.AUTO, true, n -> { });

            // the three WordPress tables as files; MyISAM and FULLTEXT as SQL
            assertThat(report.path()).isEqualTo("mariadb per-table x4 (3 of 5 tables as tablespace files)");
            assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
            assertThat(autoIncrement(neu, "wp_posts")).isEqualTo(autoIncrement(old, "wp_posts"));
            // imported tables answer through their indexes, and the user writes to them with its real grants
            ExecResult onNew = mariadbAs(neu, "nordlys_wp", nordlysPassword, "nordlys_wp", """
                    INSERT INTO wp_options (option_name, option_value) VALUES ('hostmove_it_probe', 'x');
                    SELECT option_value FROM wp_options FORCE INDEX (option_name)
                        WHERE option_name = 'hostmove_it_probe';
                    DELETE FROM wp_options WHERE option_name = 'hostmove_it_probe';
                    SELECT COUNT(*) FROM wp_posts FORCE INDEX (type_status_date) WHERE post_type = 'post';
                    SELECT id FROM hm_it_search WHERE MATCH (body) AGAINST ('vafler');""");
            assertThat(onNew.stderr()).isEmpty();
            assertThat(onNew.stdout().lines().toList()).containsExactly("x",
                    mariadb(old, "SELECT COUNT(*) FROM nordlys_wp.wp_posts WHERE post_type = 'post'").get(0).get(0),
                    "1");
            // the export lock is gone with its files: the old server writes the tables again
            String oldDir = mariadb(old, "SELECT @@datadir").get(0).get(0) + "nordlys_wp";
            assertThat(old.run("listing", Shell.command("ls", oldDir))).doesNotContain(".cfg");
            String newDir = mariadb(neu, "SELECT @@datadir").get(0).get(0) + "nordlys_wp";
            assertThat(neu.run("listing", Shell.command("ls", "-l", newDir))).doesNotContain(".cfg")
                    .doesNotContain(" root ");
            mariadb(old, "UPDATE nordlys_wp.wp_options SET autoload = autoload WHERE option_id = 1");
        } finally {
            access.makeWritable(NORDLYS, old);
            mariadb(old, "DROP TABLE IF EXISTS nordlys_wp.hm_it_myisam, nordlys_wp.hm_it_search");
        }
        // a live database never takes the export lock
        assertThat(copier.copy(NORDLYS, old, neu).path()).isEqualTo("mariadb per-table x3");
    }

    @Test
    @Order(7)
    void aCancelledTablespaceCopyLeavesNoLockNorProcessBehind() {
        String oldDir = mariadb(old, "SELECT @@datadir").get(0).get(0) + "nordlys_wp";
        try {
            access.makeReadOnly(NORDLYS, old);
            for (boolean cancelSource : new boolean[]{true, false}) {
                cancelMidway(NORDLYS, true, cancelSource);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(old.exec(Shell.command("pgrep", "-f", "--", "[t]ar -C " + oldDir)).stdout())
                            .as("tars left on the old host").isBlank();
                    assertThat(neu.exec(Shell.command("pgrep", "-f", "--", "[t]ar -C .*nordlys_wp")).stdout())
                            .as("tars left on the new host").isBlank();
                    // the export lock ends with its session: its .cfg files go, and root writes again
                    assertThat(old.run("listing", Shell.command("ls", oldDir))).doesNotContain(".cfg");
                });
                mariadb(old, "UPDATE nordlys_wp.wp_options SET autoload = autoload WHERE option_id = 1");
            }
            assertThat(copier.copy(NORDLYS, old, neu, Method.AUTO, true, n -> { }).path())
                    .isEqualTo("mariadb per-table x3 (3 of 3 tables as tablespace files)");
            assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
        } finally {
            access.makeWritable(NORDLYS, old);
        }
    }

    @Test
    @Order(8)
    void aCancelledCopyStopsWithItsRemoteProcessesAndTheNextOneStartsAfresh() {
        for (boolean cancelSource : new boolean[]{true, false}) {
            for (DatabaseSpec spec : List.of(NORDLYS, SONNENSCHEIN)) {
                cancelMidway(spec, false, cancelSource);
                // "[m]ariadb-dump" matches the dump, not the shell that runs pgrep
                String dumper = spec == NORDLYS ? "[m]ariadb-dump" : "[p]g_dump";
                String loader = spec == NORDLYS ? "[m]ariadb --default-character-set" : "[p]sql -X";
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(old.exec(Shell.command("pgrep", "-f", "--", dumper + " .*" + spec.name())).stdout())
                            .as("dumps left on the old host").isBlank();
                    assertThat(neu.exec(Shell.command("pgrep", "-f", "--", loader + " .*" + spec.name())).stdout())
                            .as("loads left on the new host").isBlank();
                });
            }
        }
        assertThat(copier.copy(NORDLYS, old, neu).path()).isEqualTo("mariadb per-table x3");
        assertThat(verifier.differences(NORDLYS, old, neu)).isEmpty();
        assertThat(copier.copy(SONNENSCHEIN, old, neu).path()).isEqualTo("postgresql per-table x2");
        assertThat(verifier.differences(SONNENSCHEIN, old, neu)).isEmpty();
    }

    /**
     * Cancels the source's or the target's connection past the schema, in the middle of the parallel data streams,
     * and expects the copy to end as cancelled.
     */
    private static void cancelMidway(DatabaseSpec spec, boolean frozen, boolean cancelSource) {
        RemoteHost from = TestHosts.connect(TestHosts.OLD);
        RemoteHost to = TestHosts.connect(TestHosts.NEW);
        try {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicLong streamed = new AtomicLong();
            RemoteHost victim = cancelSource ? from : to;
            CompletableFuture<CopyReport> copy = CompletableFuture.supplyAsync(() ->
                    new DatabaseCopier(3).copy(spec, from, to, Method.PER_TABLE, frozen, n -> {
                        if (streamed.addAndGet(n) > 200_000 && cancelled.compareAndSet(false, true)) {
                            victim.cancel();
                        }
                    }));
            assertThatThrownBy(copy::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(StepCancelledException.class);
        } finally {
            from.close();
            to.close();
        }
    }

    private static String autoIncrement(RemoteHost host, String table) {
        return mariadb(host, "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'nordlys_wp' "
                + "AND TABLE_NAME = " + Mariadb.string(table)).get(0).get(0);
    }

    private static String grants(RemoteHost host, String user) {
        StringBuilder all = new StringBuilder();
        for (String account : Mariadb.accountHosts(host, user)) {
            Mariadb.column(host, "grants", "SHOW GRANTS FOR " + Mariadb.account(user, account))
                    .forEach(line -> all.append(MariadbGrant.stripIdentified(line)).append('\n'));
        }
        return all.toString();
    }

    private static String find(RemoteHost host, String path, String regex) {
        String text = new String(host.read(path), StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, path).isTrue();
        return matcher.group(1);
    }
}
