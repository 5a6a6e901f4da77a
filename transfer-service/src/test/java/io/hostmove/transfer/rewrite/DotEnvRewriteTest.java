package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.BOOKING;
import static io.hostmove.transfer.rewrite.Fixtures.SHOP;
import static io.hostmove.transfer.rewrite.Fixtures.change;
import static io.hostmove.transfer.rewrite.Fixtures.plan;
import static io.hostmove.transfer.rewrite.Fixtures.rewritten;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotEnvRewriteTest {

    private static final String ENV = "/srv/www/c1042/booking/.env";
    private static final String SYMFONY = "/srv/www/c1042/shop/.env.local";

    private static final DatabaseMove SHOP_MOVED = new DatabaseMove("mariadb", "nordlys_shop", "c1042_shop",
            "nordlys_shop", "c1042_shop", "localhost", "db.hostmove.internal", null, "3307");

    @Test
    void symfonyUrlOnlyTheUserChangesAndThePasswordStaysExactly() {
        String in = "# Doctrine\nDATABASE_URL=\"mysql://nordlys_shop:Sh0p%23p$$w@127.0.0.1:3306/nordlys_shop"
                + "?serverVersion=10.11.2-MariaDB&charset=utf8mb4\"\n";

        Rewritten result = ConfigRewriter.rewrite(SYMFONY, in, plan(SHOP)).orElseThrow();

        assertThat(result.content()).isEqualTo("# Doctrine\nDATABASE_URL=\"mysql://c1042_shop:Sh0p%23p$$w@127.0.0.1:3306"
                + "/nordlys_shop?serverVersion=10.11.2-MariaDB&charset=utf8mb4\"\n");
        assertThat(result.changes()).containsExactly(change(SYMFONY, 2,
                "DATABASE_URL=\"mysql://nordlys_shop:****@127.0.0.1:3306/nordlys_shop?serverVersion=10.11.2-MariaDB&charset=utf8mb4\"",
                "DATABASE_URL=\"mysql://c1042_shop:****@127.0.0.1:3306/nordlys_shop?serverVersion=10.11.2-MariaDB&charset=utf8mb4\""));
    }

    @Test
    void aUrlGetsAPortWhenTheNewOneIsNotTheDefault() {
        String in = "DATABASE_URL=mysql://nordlys_shop:pw@localhost/nordlys_shop\n";

        assertThat(rewritten(SYMFONY, in, plan(SHOP_MOVED)))
                .isEqualTo("DATABASE_URL=mysql://c1042_shop:pw@db.hostmove.internal:3307/c1042_shop\n");
    }

    @Test
    void urlPartsArePercentEncoded() {
        DatabaseMove odd = new DatabaseMove("mariadb", "nordlys_shop", "c1042/shop", "nordlys@shop", "c1042@shøp",
                "localhost", "localhost", null, null);
        String in = "DATABASE_URL='mysql://nordlys%40shop:p%40ss@localhost/nordlys_shop'\n";

        assertThat(rewritten(SYMFONY, in, plan(odd)))
                .isEqualTo("DATABASE_URL='mysql://c1042%40sh%C3%B8p:p%40ss@localhost/c1042%2Fshop'\n");
    }

    @Test
    void aPasswordWithAnAtSignAndColonInAUrl() {
        String in = "DB_URL=\"mysql://nordlys_shop:p@ss:w@rd@localhost:3306/nordlys_shop\"\n";

        Rewritten result = ConfigRewriter.rewrite(ENV, in, plan(SHOP_MOVED)).orElseThrow();

        assertThat(result.content())
                .isEqualTo("DB_URL=\"mysql://c1042_shop:p@ss:w@rd@db.hostmove.internal:3307/c1042_shop\"\n");
        assertThat(result.changes().get(0).before()).isEqualTo(
                "DB_URL=\"mysql://nordlys_shop:****@localhost:3306/nordlys_shop\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "DATABASE_URL=\"mysql://${DB_USER}:${DB_PASSWORD}@localhost/nordlys_shop\"\n",
            "DATABASE_URL=mysql://nordlys_shop:pw@${DB_HOST}/nordlys_shop\n",
            "DATABASE_URL=sqlite:///%kernel.project_dir%/var/data.db\n",
            "DATABASE_URL=\"mysql://nordlys_shop:pw@localhost/nordlys_other\"\n",
            "# DATABASE_URL=\"mysql://nordlys_shop:pw@localhost/nordlys_shop\"\n",
    })
    void urlsThatAreNotTheOldDatabaseOrAreComputedStay(String in) {
        assertThat(ConfigRewriter.rewrite(SYMFONY, in, plan(SHOP_MOVED))).isEmpty();
    }

    @Test
    void laravelKeysQuotedOrNotExportAndInlineComments() {
        String in = "export DB_CONNECTION=pgsql\nDB_HOST = \"localhost\"   # local socket dir\nDB_PORT=\"5432\"\n"
                + "DB_DATABASE='nordlys_app'\nDB_USERNAME=nordlys_app # app user\nDB_PASSWORD=nordlys_app\n";

        assertThat(rewritten(ENV, in, plan(BOOKING))).isEqualTo(
                "export DB_CONNECTION=pgsql\nDB_HOST = \"pg.hostmove.internal\"   # local socket dir\nDB_PORT=\"6432\"\n"
                        + "DB_DATABASE='c1042_app'\nDB_USERNAME=c1042_app # app user\nDB_PASSWORD=nordlys_app\n");
    }

    @Test
    void withoutDbPortTheDefaultIsMeant() {
        DatabaseMove defaultPort = new DatabaseMove("postgresql", "nordlys_app", "c1042_app", "nordlys_app",
                "c1042_app", "localhost", "pg.hostmove.internal", null, null);
        String in = "DB_CONNECTION=pgsql\nDB_HOST=127.0.0.1\nDB_DATABASE=nordlys_app\n";

        assertThat(rewritten(ENV, in, plan(defaultPort))).isEqualTo(
                "DB_CONNECTION=pgsql\nDB_HOST=pg.hostmove.internal\nDB_DATABASE=c1042_app\n");
        // 5432 given explicitly is the default: the same server
        DatabaseMove explicit = new DatabaseMove("postgresql", "nordlys_app", "c1042_app", "nordlys_app",
                "c1042_app", "localhost", "pg.hostmove.internal", "5432", "5432");
        assertThat(rewritten(ENV, in, plan(explicit))).isEqualTo(
                "DB_CONNECTION=pgsql\nDB_HOST=pg.hostmove.internal\nDB_DATABASE=c1042_app\n");
    }

    @Test
    void aNewPortWithNowhereToWriteItLeavesTheConnectionAlone() {
        // BOOKING moves to port 6432; without DB_PORT the new host alone would point at the wrong port
        String in = "DB_CONNECTION=pgsql\nDB_HOST=127.0.0.1\nDB_DATABASE=nordlys_app\nDB_USERNAME=nordlys_app\n";

        assertThat(ConfigRewriter.rewrite(ENV, in, plan(BOOKING))).isEmpty();
        assertThat(rewritten(ENV, in + "DB_PORT=\n", plan(BOOKING))).isEqualTo("DB_CONNECTION=pgsql\n"
                + "DB_HOST=pg.hostmove.internal\nDB_DATABASE=c1042_app\nDB_USERNAME=c1042_app\nDB_PORT=6432\n");
    }

    @Test
    void anotherDatabaseOrAnotherEngineStays() {
        assertThat(ConfigRewriter.rewrite(ENV, "DB_CONNECTION=pgsql\nDB_HOST=localhost\nDB_DATABASE=nordlys_crm\n"
                + "DB_USERNAME=nordlys_app\n", plan(BOOKING))).isEmpty();
        assertThat(ConfigRewriter.rewrite(ENV, "DB_CONNECTION=mysql\nDB_HOST=localhost\nDB_DATABASE=nordlys_app\n",
                plan(BOOKING))).isEmpty();
    }

    @Test
    void variableReferencesLeaveTheConnectionAlone() {
        String in = "DB_HOST=${POSTGRES_HOST}\nDB_DATABASE=nordlys_app\nDB_USERNAME=nordlys_app\n";

        assertThat(ConfigRewriter.rewrite(ENV, in, plan(BOOKING))).isEmpty();
    }

    @Test
    void allOrNothingWhenANewValueCannotBeWrittenTheFilesWay() {
        DatabaseMove spaced = new DatabaseMove("postgresql", "nordlys_app", "c1042 app", "nordlys_app", "c1042_app",
                "localhost", "pg.hostmove.internal", null, null);
        String in = "DB_HOST=localhost\nDB_DATABASE=nordlys_app\nDB_USERNAME=nordlys_app\n";

        assertThat(ConfigRewriter.rewrite(ENV, in, plan(spaced))).isEmpty();
        assertThat(rewritten(ENV, in.replace("DB_DATABASE=nordlys_app", "DB_DATABASE=\"nordlys_app\""), plan(spaced)))
                .isEqualTo("DB_HOST=pg.hostmove.internal\nDB_DATABASE=\"c1042 app\"\nDB_USERNAME=c1042_app\n");
    }

    @Test
    void aByteOrderMarkAndCrlfStay() {
        String in = "\uFEFFDB_DATABASE=nordlys_app\r\nDB_USERNAME=nordlys_app\r\nDB_PORT=5432\r\nDB_HOST=localhost";

        assertThat(rewritten(ENV, in, plan(BOOKING))).isEqualTo(
                "\uFEFFDB_DATABASE=c1042_app\r\nDB_USERNAME=c1042_app\r\nDB_PORT=6432\r\nDB_HOST=pg.hostmove.internal");
    }
}
