package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.WORDPRESS;
import static io.hostmove.transfer.rewrite.Fixtures.change;
import static io.hostmove.transfer.rewrite.Fixtures.plan;
import static io.hostmove.transfer.rewrite.Fixtures.rewritten;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WordPressRewriteTest {

    private static final String PATH = "/srv/www/c1042/public_html/wp-config.php";

    private static String wp(String name, String user, String host) {
        return "<?php\n"
                + "define( 'DB_NAME', " + name + " );\n"
                + "define( 'DB_USER', " + user + " );\n"
                + "define( 'DB_PASSWORD', 'nordlys_wp' );\n"
                + "define( 'DB_HOST', " + host + " );\n";
    }

    @Test
    void keepsDoubleQuotesAndTheSpacingOfEachLine() {
        String in = "<?php\ndefine(\"DB_NAME\",\"nordlys_wp\");\nDEFINE ('DB_USER' ,  \"nordlys_wp\")  ;  # user\n"
                + "define(\t'DB_HOST',\t'localhost'\t);";

        assertThat(rewritten(PATH, in, plan(WORDPRESS))).isEqualTo(
                "<?php\ndefine(\"DB_NAME\",\"c1042_wp\");\nDEFINE ('DB_USER' ,  \"c1042_wp\")  ;  # user\n"
                        + "define(\t'DB_HOST',\t'db.hostmove.internal'\t);");
    }

    @Test
    void neverTouchesThePasswordEvenWhenItEqualsTheOldName() {
        Rewritten result = ConfigRewriter.rewrite(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'localhost'"),
                plan(WORDPRESS)).orElseThrow();

        assertThat(result.content()).isEqualTo(wp("'c1042_wp'", "'c1042_wp'", "'db.hostmove.internal'"));
        assertThat(result.content()).contains("define( 'DB_PASSWORD', 'nordlys_wp' );");
        assertThat(result.changes()).extracting(c -> c.line()).containsExactly(2, 3, 5);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '§', value = {
            "'localhost'                               | 'db.hostmove.internal'",
            "'LOCALHOST'                               | 'db.hostmove.internal'",
            "'127.0.0.1'                               | 'db.hostmove.internal'",
            "'localhost:3306'                          | 'db.hostmove.internal:3306'",
            "\"127.0.0.1:3306\"                        | \"db.hostmove.internal:3306\"",
            "'localhost:/var/run/mysqld/mysqld.sock'   | 'db.hostmove.internal'",
    })
    void recognisesTheOldHostInEveryForm(String before, String after) {
        assertThat(rewritten(PATH, wp("'nordlys_wp'", "'nordlys_wp'", before), plan(WORDPRESS)))
                .isEqualTo(wp("'c1042_wp'", "'c1042_wp'", after));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "'localhost:3307'",          // another server on the same machine
            "'db.example.net'",          // a database elsewhere with the same name
            "'127.0.0.2'",
    })
    void leavesAConnectionToAnotherServerAlone(String host) {
        String in = wp("'nordlys_wp'", "'nordlys_wp'", host);

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void localhostAnd127AreOnlyTheSameWhenThePlanSaysSo() {
        DatabaseMove remote = new DatabaseMove("mariadb", "nordlys_wp", "c1042_wp", "nordlys_wp", "c1042_wp",
                "db1.old.example", "db.hostmove.internal", null, null);

        assertThat(ConfigRewriter.rewrite(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'localhost'"), plan(remote)))
                .isEmpty();
        assertThat(rewritten(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'DB1.old.example'"), plan(remote)))
                .isEqualTo(wp("'c1042_wp'", "'c1042_wp'", "'db.hostmove.internal'"));
    }

    @Test
    void aPortChangeOnTheSameHostIsWrittenIntoTheHost() {
        DatabaseMove port = new DatabaseMove("mariadb", "nordlys_wp", "nordlys_wp", "nordlys_wp", "nordlys_wp",
                "localhost", "localhost", null, "3307");

        assertThat(rewritten(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'localhost'"), plan(port)))
                .isEqualTo(wp("'nordlys_wp'", "'nordlys_wp'", "'localhost:3307'"));
        assertThat(rewritten(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'127.0.0.1:3306'"), plan(port)))
                .isEqualTo(wp("'nordlys_wp'", "'nordlys_wp'", "'127.0.0.1:3307'"));
        // a socket connection has no port to change
        assertThat(ConfigRewriter.rewrite(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'localhost:/tmp/mysql.sock'"),
                plan(port))).isEmpty();
    }

    @Test
    void aDatabaseOfAnotherNameIsLeftAloneWithItsUserAndHost() {
        String in = wp("'nordlys_blog'", "'nordlys_wp'", "'localhost'");

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void aUserThatIsNotTheOldOneStays() {
        assertThat(rewritten(PATH, wp("'nordlys_wp'", "'root'", "'localhost'"), plan(WORDPRESS)))
                .isEqualTo(wp("'c1042_wp'", "'root'", "'db.hostmove.internal'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "getenv('WORDPRESS_DB_NAME')",
            "$_ENV['DB_NAME'] ?? 'nordlys_wp'",
            "'nordlys' . '_wp'",
            "\"{$prefix}_wp\"",
            "\"nordlys_$suffix\"",
            "NORDLYS_DB",
    })
    void leavesConnectionsComputedAtRuntimeAlone(String name) {
        String in = wp(name, "'nordlys_wp'", "'localhost'");

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void aDefineOverSeveralLinesLeavesTheConnectionAlone() {
        String in = "<?php\ndefine(\n  'DB_NAME',\n  'nordlys_wp'\n);\ndefine('DB_USER', 'nordlys_wp');\n"
                + "define('DB_HOST', 'localhost');\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void conditionalDefinesForTwoDatabasesAreLeftAlone() {
        String in = "<?php\nif ( getenv('WP_ENV') === 'staging' ) {\n    define('DB_NAME', 'nordlys_staging');\n"
                + "} else {\n    define('DB_NAME', 'nordlys_wp');\n}\ndefine('DB_USER', 'nordlys_wp');\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void aGuardedDefineIsStillADefine() {
        String in = "<?php\ndefine('DB_NAME', 'nordlys_wp');\ndefine('DB_USER', 'nordlys_wp');\n"
                + "if ( ! defined( 'DB_HOST' ) ) { define( 'DB_HOST', 'localhost' ); }\n";

        assertThat(rewritten(PATH, in, plan(WORDPRESS))).isEqualTo(
                "<?php\ndefine('DB_NAME', 'c1042_wp');\ndefine('DB_USER', 'c1042_wp');\n"
                        + "if ( ! defined( 'DB_HOST' ) ) { define( 'DB_HOST', 'db.hostmove.internal' ); }\n");
    }

    @Test
    void commentedOutDefinesAreNotAConnection() {
        String in = "<?php\n// define('DB_NAME', 'nordlys_wp');\n/* define('DB_NAME', 'nordlys_wp');\n"
                + "   define('DB_USER', 'nordlys_wp'); */\n# define('DB_HOST', 'localhost');\n"
                + "define('DB_NAME', 'nordlys_blog');\n";

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS))).isEmpty();
    }

    @Test
    void hostileValuesAreReadAndWrittenWithPhpEscaping() {
        DatabaseMove hostile = new DatabaseMove("mariadb", "nordlys'wp", "c1042\\wp's", "nordlys\"wp",
                "c1042$wp", "localhost", "localhost", null, null);
        String in = "<?php\ndefine('DB_NAME', 'nordlys\\'wp');\ndefine('DB_USER', \"nordlys\\\"wp\");\n"
                + "define('DB_PASSWORD', \"pa\\$\\$'w\\\"rd\\\\\");\n";

        Rewritten result = ConfigRewriter.rewrite(PATH, in, plan(hostile)).orElseThrow();

        assertThat(result.content()).isEqualTo(
                "<?php\ndefine('DB_NAME', 'c1042\\\\wp\\'s');\ndefine('DB_USER', \"c1042\\$wp\");\n"
                        + "define('DB_PASSWORD', \"pa\\$\\$'w\\\"rd\\\\\");\n");
        assertThat(result.changes()).containsExactly(
                change(PATH, 2, "define('DB_NAME', 'nordlys\\'wp');", "define('DB_NAME', 'c1042\\\\wp\\'s');"),
                change(PATH, 3, "define('DB_USER', \"nordlys\\\"wp\");", "define('DB_USER', \"c1042\\$wp\");"));
    }

    @Test
    void unicodeNamesSurvive() {
        DatabaseMove blaabaer = new DatabaseMove("mariadb", "nordlys_blåbær", "c1042_blåbær", "nordlys_wp",
                "c1042_wp", "localhost", "localhost", null, null);
        String in = "<?php // Blåbærsyltetøy 🫐\ndefine('DB_NAME', 'nordlys_blåbær');\ndefine('DB_USER', 'nordlys_wp');\n";

        assertThat(rewritten(PATH, in, plan(blaabaer))).isEqualTo(
                "<?php // Blåbærsyltetøy 🫐\ndefine('DB_NAME', 'c1042_blåbær');\ndefine('DB_USER', 'c1042_wp');\n");
    }

    @Test
    void aChangedLineThatAlsoHoldsThePasswordIsReportedMasked() {
        String in = "<?php define('DB_NAME', 'nordlys_wp'); define('DB_USER', 'nordlys_wp'); "
                + "define('DB_PASSWORD', 'S3cr\\'et$'); define('DB_HOST', 'localhost');\n";

        Rewritten result = ConfigRewriter.rewrite(PATH, in, plan(WORDPRESS)).orElseThrow();

        assertThat(result.content()).isEqualTo("<?php define('DB_NAME', 'c1042_wp'); define('DB_USER', 'c1042_wp'); "
                + "define('DB_PASSWORD', 'S3cr\\'et$'); define('DB_HOST', 'db.hostmove.internal');\n");
        assertThat(result.changes()).containsExactly(change(PATH, 1,
                "<?php define('DB_NAME', 'nordlys_wp'); define('DB_USER', 'nordlys_wp'); "
                        + "define('DB_PASSWORD', '****'); define('DB_HOST', 'localhost');",
                "<?php define('DB_NAME', 'c1042_wp'); define('DB_USER', 'c1042_wp'); "
                        + "define('DB_PASSWORD', '****'); define('DB_HOST', 'db.hostmove.internal');"));
    }

    @Test
    void onlyWpConfigIsReadAsWordPress() {
        String in = wp("'nordlys_wp'", "'nordlys_wp'", "'localhost'");

        assertThat(ConfigRewriter.rewrite("/srv/www/c1042/public_html/wp-config-sample.php", in,
                plan(WORDPRESS))).isEmpty();
    }

    @Test
    void theOtherEngineIsNotTheSameDatabase() {
        DatabaseMove postgres = new DatabaseMove("postgresql", "nordlys_wp", "c1042_wp", "nordlys_wp", "c1042_wp",
                "localhost", "db.hostmove.internal", null, null);

        assertThat(ConfigRewriter.rewrite(PATH, wp("'nordlys_wp'", "'nordlys_wp'", "'localhost'"), plan(postgres)))
                .isEmpty();
    }
}
