package io.hostmove.transfer.database;

import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.database.DatabaseCopier.Method;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static io.hostmove.transfer.database.TestHosts.mariadb;
import static io.hostmove.transfer.database.TestHosts.mariadbAs;
import static io.hostmove.transfer.database.TestHosts.psql;
import static io.hostmove.transfer.database.TestHosts.psqlAs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Databases, users, tables and passwords whose names are shell and SQL syntax: created on the old host, copied
 * per table and in one stream, verified, made read-only and writable; removed from both hosts afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwkwardNamesIT {

    static final String DB = "we'ird `db` $(x) ; rm";
    static final String MY_USER = "we'ird $(u) `x`";
    static final String MY_PASSWORD = "S3cr3t' $(touch /tmp/pwned) \\ \"`";
    static final String MY_TABLE = "it's a `table` $(x);";
    static final String PG_DB = "we'ird \"db\" $(x) ; rm";
    static final String PG_ROLE = "we'ird \"role\" $(r)";
    static final String PG_PASSWORD = "P4ss' $(touch /tmp/pwned) \\ \"";
    static final String PG_SCHEMA = "we.ird*s \"x\"";
    static final String PG_TABLE = "it's a \"table\" ?*.";
    static final DatabaseSpec MY = new DatabaseSpec("mariadb", DB, MY_USER);
    static final DatabaseSpec PG = new DatabaseSpec("postgresql", PG_DB, PG_ROLE);

    private final DatabaseCopier copier = new DatabaseCopier(4);
    private final DatabaseVerifier verifier = new DatabaseVerifier();
    private final DatabaseAccess access = new DatabaseAccess();
    private RemoteHost old;
    private RemoteHost neu;

    @BeforeAll
    void create() {
        assertThat(TestHosts.up()).as("the simulated hosts run (deploy/hosts.sh start)").isTrue();
        old = TestHosts.connect(TestHosts.OLD);
        neu = TestHosts.connect(TestHosts.NEW);
        dropAll(old);
        dropAll(neu);
        String db = Mariadb.id(DB);
        String table = db + "." + Mariadb.id(MY_TABLE);
        String account = Mariadb.account(MY_USER, "127.%");
        mariadb(old, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4;\n"
                + "CREATE TABLE " + table + " (id INT AUTO_INCREMENT PRIMARY KEY, `na me` VARCHAR(50), b BLOB);\n"
                + "CREATE TABLE " + db + ".plain (id INT PRIMARY KEY, ref INT, FOREIGN KEY (ref) REFERENCES "
                + table + " (id));\n"
                + "CREATE TABLE " + db + ".audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(80));\n"
                + "CREATE TRIGGER " + db + ".`trg'x` AFTER INSERT ON " + table
                + " FOR EACH ROW INSERT INTO " + db + ".audit (what) VALUES (NEW.`na me`);\n"
                + "CREATE VIEW " + db + ".`v 'w'` AS SELECT COUNT(*) AS n FROM " + table + ";\n"
                + "INSERT INTO " + table + " (`na me`, b) VALUES ('a\\tb\\nc''d\\\\e', X'00FF0A0D27'), "
                + "('ø $(x) `y`', NULL), (REPEAT('x', 50), X'');\n"
                + "INSERT INTO " + db + ".plain VALUES (1, 1), (2, 2);\n"
                + "CREATE SEQUENCE " + db + ".`se q` START WITH 100;\n"
                + "SELECT NEXTVAL(" + db + ".`se q`), NEXTVAL(" + db + ".`se q`);\n"
                + "CREATE FUNCTION " + db + ".`f'n`() RETURNS INT DETERMINISTIC RETURN 42;\n"
                + "CREATE EVENT " + db + ".`e'v` ON SCHEDULE EVERY 1 DAY DO DELETE FROM " + db + ".audit WHERE 1 = 0;\n"
                + "CREATE USER " + account + " IDENTIFIED BY " + Mariadb.string(MY_PASSWORD) + ";\n"
                + "GRANT ALL PRIVILEGES ON " + db + ".* TO " + account + ";\n"
                + "GRANT SELECT, INSERT (`na me`) ON " + table + " TO " + account + ";\n");

        String role = Postgres.id(PG_ROLE);
        psql(old, Postgres.MAINTENANCE_DB, "CREATE ROLE " + role + " LOGIN PASSWORD " + Postgres.string(PG_PASSWORD));
        psql(old, Postgres.MAINTENANCE_DB, "CREATE DATABASE " + Postgres.id(PG_DB) + " OWNER " + role
                + " TEMPLATE template0 ENCODING 'UTF8'");
        String qualified = Postgres.id(PG_SCHEMA) + "." + Postgres.id(PG_TABLE);
        Postgres.execute(old, "test SQL", PG_DB, "SET ROLE " + role + ";\n"
                + "CREATE SCHEMA " + Postgres.id(PG_SCHEMA) + ";\n"
                + "CREATE TABLE " + qualified + " (id serial PRIMARY KEY, \"na me\" text, b bytea);\n"
                + "CREATE TABLE " + Postgres.id(PG_SCHEMA) + ".plain (id int PRIMARY KEY, ref int REFERENCES "
                + qualified + " (id));\n"
                + "CREATE SEQUENCE free_standing;\nSELECT setval('free_standing', 4242);\n"
                + "CREATE VIEW \"v 'w'\" AS SELECT count(*) AS n FROM " + qualified + ";\n"
                + "INSERT INTO " + qualified + " (\"na me\", b) VALUES (E'a\\tb\\nc''d\\\\e', '\\x00ff0a0d27'), "
                + "('ø $(x) `y`', NULL);\n"
                + "INSERT INTO " + Postgres.id(PG_SCHEMA) + ".plain VALUES (1, 1), (2, 2);\n"
                + "CREATE MATERIALIZED VIEW \"m v\" AS SELECT count(*) AS n FROM " + qualified + ";\n");
    }

    @AfterAll
    void drop() {
        if (old == null) {
            return;
        }
        try {
            access.makeWritable(MY, old);
            dropAll(old);
            dropAll(neu);
        } finally {
            old.close();
            neu.close();
        }
    }

    @Test
    void mariadbWithAwkwardNamesCopiesIntact() {
        for (Method method : List.of(Method.AUTO, Method.SINGLE_STREAM)) {
            CopyReport report = copier.copy(MY, old, neu, method, n -> { });
            assertThat(report.path()).isEqualTo(method == Method.AUTO ? "mariadb per-table x3" : "mariadb single stream");
            assertThat(report.tables()).isEqualTo(3);
            assertThat(verifier.differences(MY, old, neu)).isEmpty();
            String table = Mariadb.id(DB) + "." + Mariadb.id(MY_TABLE);
            assertThat(mariadb(neu, "SELECT `na me`, HEX(b) FROM " + table + " ORDER BY id")).containsExactly(
                    List.of("a\tb\nc'd\\e", "00FF0A0D27"), List.of("ø $(x) `y`", "NULL"), List.of("x".repeat(50), ""));
            // the trigger came along, after the data (it did not fire during the copy)
            assertThat(mariadb(neu, "SELECT COUNT(*) FROM " + Mariadb.id(DB) + ".audit")).containsExactly(List.of("3"));
            // sequence (past what the old host handed out), function and event too
            assertThat(Long.parseLong(mariadb(neu, "SELECT NEXTVAL(" + Mariadb.id(DB) + ".`se q`)").get(0).get(0)))
                    .isGreaterThan(101);
            assertThat(mariadb(neu, "SELECT " + Mariadb.id(DB) + ".`f'n`()")).containsExactly(List.of("42"));
            assertThat(mariadb(neu, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = "
                    + Mariadb.string(DB))).containsExactly(List.of("e'v"));
            ExecResult asUser = mariadbAs(neu, MY_USER, MY_PASSWORD, DB, "INSERT INTO " + Mariadb.id(MY_TABLE)
                    + " (`na me`) VALUES ('new'); SELECT COUNT(*) FROM audit; SELECT n FROM `v 'w'`;");
            assertThat(asUser.stderr()).isEmpty();
            assertThat(asUser.stdout()).isEqualTo("4\n4\n");
        }
        assertThat(old.exec(Shell.command("test", "-e", "/tmp/pwned")).ok()).isFalse();
        assertThat(neu.exec(Shell.command("test", "-e", "/tmp/pwned")).ok()).isFalse();
    }

    @Test
    void mariadbReadOnlyWithAwkwardNames() {
        String insert = "INSERT INTO " + Mariadb.id(MY_TABLE) + " (`na me`) VALUES ('ro')";
        try {
            access.makeReadOnly(MY, old);
            access.makeReadOnly(MY, old);
            ExecResult refused = mariadbAs(old, MY_USER, MY_PASSWORD, DB, insert);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.stderr()).contains("denied");
            assertThat(mariadbAs(old, MY_USER, MY_PASSWORD, DB, "SELECT COUNT(*) FROM plain").stdout()).isEqualTo("2\n");
        } finally {
            access.makeWritable(MY, old);
        }
        access.makeWritable(MY, old);
        ExecResult writes = mariadbAs(old, MY_USER, MY_PASSWORD, DB, insert + "; DELETE FROM "
                + Mariadb.id(MY_TABLE) + " WHERE `na me` = 'ro'");
        assertThat(writes.stderr()).isEmpty();
        assertThat(mariadb(old, "SHOW GRANTS FOR " + Mariadb.account(MY_USER, "127.%")).stream()
                .map(row -> MariadbGrant.stripIdentified(row.get(0))).toList()).containsExactlyInAnyOrder(
                "GRANT USAGE ON *.* TO " + Mariadb.account(MY_USER, "127.%"),
                "GRANT ALL PRIVILEGES ON " + Mariadb.id(DB) + ".* TO " + Mariadb.account(MY_USER, "127.%"),
                "GRANT SELECT, INSERT (`na me`) ON " + Mariadb.id(DB) + "." + Mariadb.id(MY_TABLE) + " TO "
                        + Mariadb.account(MY_USER, "127.%"));
    }

    @Test
    void postgresqlWithAwkwardNamesCopiesIntact() {
        for (Method method : List.of(Method.AUTO, Method.SINGLE_STREAM)) {
            CopyReport report = copier.copy(PG, old, neu, method, n -> { });
            assertThat(report.path()).isEqualTo(method == Method.AUTO ? "postgresql per-table x2"
                    : "postgresql single stream");
            assertThat(verifier.differences(PG, old, neu)).isEmpty();
            String qualified = Postgres.id(PG_SCHEMA) + "." + Postgres.id(PG_TABLE);
            assertThat(psql(neu, PG_DB, "SELECT \"na me\" || '|' || coalesce(encode(b, 'hex'), 'NULL') FROM "
                    + qualified + " ORDER BY id")).containsExactly("a\tb\nc'd\\e|00ff0a0d27", "ø $(x) `y`|NULL");
            assertThat(psql(neu, PG_DB, "SELECT last_value FROM free_standing")).containsExactly("4242");
            assertThat(psql(neu, PG_DB, "SELECT n FROM \"m v\"")).containsExactly("2");
            ExecResult asRole = psqlAs(neu, PG_ROLE, PG_PASSWORD, PG_DB, "INSERT INTO " + qualified
                    + " (\"na me\") VALUES ('new') RETURNING id; SELECT n FROM \"v 'w'\";");
            assertThat(asRole.stderr()).isEmpty();
            assertThat(asRole.stdout()).isEqualTo("3\n3\n");
        }
        // read-only and back, on the new host
        String insert = "INSERT INTO " + Postgres.id(PG_SCHEMA) + ".plain VALUES (9, 1)";
        access.makeReadOnly(PG, neu);
        assertThat(psqlAs(neu, PG_ROLE, PG_PASSWORD, PG_DB, insert).stderr()).contains("read-only transaction");
        access.makeWritable(PG, neu);
        access.makeWritable(PG, neu);
        assertThat(psqlAs(neu, PG_ROLE, PG_PASSWORD, PG_DB, insert).stderr()).isEmpty();
        assertThat(old.exec(Shell.command("test", "-e", "/tmp/pwned")).ok()).isFalse();
    }

    private static void dropAll(RemoteHost host) {
        mariadb(host, "DROP DATABASE IF EXISTS " + Mariadb.id(DB) + ";\nDROP USER IF EXISTS "
                + Mariadb.account(MY_USER, "127.%") + ";\n");
        psql(host, Postgres.MAINTENANCE_DB, "DROP DATABASE IF EXISTS " + Postgres.id(PG_DB) + " WITH (FORCE)");
        psql(host, Postgres.MAINTENANCE_DB, "DROP ROLE IF EXISTS " + Postgres.id(PG_ROLE));
    }
}
