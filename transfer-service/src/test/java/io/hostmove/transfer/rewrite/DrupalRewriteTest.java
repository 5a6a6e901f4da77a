package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.DRUPAL;
import static io.hostmove.transfer.rewrite.Fixtures.change;
import static io.hostmove.transfer.rewrite.Fixtures.plan;
import static io.hostmove.transfer.rewrite.Fixtures.rewritten;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import org.junit.jupiter.api.Test;

class DrupalRewriteTest {

    private static final String PATH = "/srv/www/c1042/drupal/web/sites/default/settings.php";

    @Test
    void drupal7NestedArrays() {
        String in = "<?php\n$databases = array (\n  'default' => \n  array (\n    'default' => \n    array (\n"
                + "      'database' => 'nordlys_d8',\n      'username' => 'nordlys_d8',\n"
                + "      'password' => 'nordlys_d8',\n      'host' => '127.0.0.1',\n      'port' => '',\n"
                + "      'driver' => 'mysql',\n      'prefix' => '',\n    ),\n  ),\n);\n";

        assertThat(rewritten(PATH, in, plan(DRUPAL))).isEqualTo(in
                .replace("'database' => 'nordlys_d8'", "'database' => 'c1042_drupal'")
                .replace("'username' => 'nordlys_d8'", "'username' => 'c1042_drupal'")
                .replace("'host' => '127.0.0.1'", "'host' => 'db.hostmove.internal'"));
    }

    @Test
    void aNewPortIsWrittenWhereThePortIsAndHowItIsWritten() {
        DatabaseMove port = new DatabaseMove("mariadb", "nordlys_d8", "nordlys_d8", "nordlys_d8", "nordlys_d8",
                "localhost", "localhost", null, "3307");
        String quoted = "<?php\n$databases['default']['default'] = ['database' => 'nordlys_d8', 'host' => 'localhost', "
                + "'port' => '', 'driver' => 'mysql'];\n";
        String number = "<?php\n$databases['default']['default'] = [\n  'database' => 'nordlys_d8',\n"
                + "  'host' => 'localhost',\n  'port' => 3306,\n];\n";

        assertThat(rewritten(PATH, quoted, plan(port))).isEqualTo(quoted.replace("'port' => ''", "'port' => '3307'"));
        assertThat(rewritten(PATH, number, plan(port))).isEqualTo(number.replace("3306", "3307"));
    }

    @Test
    void aNewPortWithoutAPortKeyLeavesTheBlockAlone() {
        DatabaseMove port = new DatabaseMove("mariadb", "nordlys_d8", "c1042_drupal", "nordlys_d8", "c1042_drupal",
                "127.0.0.1", "db.hostmove.internal", null, "3307");
        String in = "<?php\n$databases['default']['default'] = [\n  'database' => 'nordlys_d8',\n"
                + "  'host' => '127.0.0.1',\n];\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(port))).isEmpty();
    }

    @Test
    void aPortOfAnotherServerMeansAnotherDatabase() {
        String in = "<?php\n$databases['default']['default'] = [\n  'database' => 'nordlys_d8',\n"
                + "  'host' => '127.0.0.1',\n  'port' => '3310',\n];\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(DRUPAL))).isEmpty();
    }

    @Test
    void oneLineBlockWithThePasswordIsReportedMasked() {
        String in = "<?php\n$databases['default']['default'] = ['database' => 'nordlys_d8', 'username' => 'nordlys_d8',"
                + " 'password' => 'pa$$\\'wörd', 'host' => 'localhost', 'driver' => 'mysql'];\n";

        Rewritten result = ConfigRewriter.rewrite(PATH, in, plan(DRUPAL)).orElseThrow();

        assertThat(result.content()).isEqualTo("<?php\n$databases['default']['default'] = ['database' => 'c1042_drupal',"
                + " 'username' => 'c1042_drupal', 'password' => 'pa$$\\'wörd', 'host' => 'db.hostmove.internal',"
                + " 'driver' => 'mysql'];\n");
        assertThat(result.changes()).containsExactly(change(PATH, 2,
                "$databases['default']['default'] = ['database' => 'nordlys_d8', 'username' => 'nordlys_d8',"
                        + " 'password' => '****', 'host' => 'localhost', 'driver' => 'mysql'];",
                "$databases['default']['default'] = ['database' => 'c1042_drupal', 'username' => 'c1042_drupal',"
                        + " 'password' => '****', 'host' => 'db.hostmove.internal', 'driver' => 'mysql'];"));
    }

    @Test
    void hostsFromTheEnvironmentLeaveTheBlockAlone() {
        String in = "<?php\n$databases['default']['default'] = [\n  'database' => 'nordlys_d8',\n"
                + "  'username' => 'nordlys_d8',\n  'host' => getenv('DB_HOST'),\n];\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(DRUPAL))).isEmpty();
    }

    @Test
    void anotherDriverIsAnotherDatabase() {
        String in = "<?php\n$databases['default']['default'] = [\n  'database' => 'nordlys_d8',\n"
                + "  'host' => 'localhost',\n  'driver' => 'pgsql',\n];\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(DRUPAL))).isEmpty();
    }

    @Test
    void settingsLocalPhpIsReadToo() {
        String in = "<?php\n$databases['default']['default']['database'] = 'x';\n"
                + "$databases['default']['default'] = array('database' => \"nordlys_d8\", 'host' => '127.0.0.1');\n";

        assertThat(rewritten("/srv/www/c1042/drupal/web/sites/default/settings.local.php", in, plan(DRUPAL)))
                .isEqualTo(in.replace("\"nordlys_d8\"", "\"c1042_drupal\"")
                        .replace("'127.0.0.1'", "'db.hostmove.internal'"));
    }
}
