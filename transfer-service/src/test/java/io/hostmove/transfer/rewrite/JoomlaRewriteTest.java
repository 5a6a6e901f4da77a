package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.JOOMLA;
import static io.hostmove.transfer.rewrite.Fixtures.plan;
import static io.hostmove.transfer.rewrite.Fixtures.rewritten;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import org.junit.jupiter.api.Test;

class JoomlaRewriteTest {

    private static final String PATH = "/srv/www/c1042/joomla/configuration.php";

    private static String config(String dbtype, String host) {
        return "<?php\nclass JConfig {\n"
                + "\tpublic $dbtype = '" + dbtype + "';\n"
                + "\tpublic $host = " + host + ";\n"
                + "\tpublic $user = 'nordlys_jml';\n"
                + "\tpublic $password = 'nordlys_jml';\n"
                + "\tpublic $db = 'nordlys_joomla';\n"
                + "\tpublic $secret = 'nordlys_joomla';\n"
                + "}\n";
    }

    private static String expected(String dbtype, String host) {
        return config(dbtype, host).replace("$user = 'nordlys_jml'", "$user = 'c1042_jml'")
                .replace("$db = 'nordlys_joomla'", "$db = 'c1042_joomla'");
    }

    @Test
    void anExplicitDefaultPortBecomesTheNewPort() {
        assertThat(rewritten(PATH, config("mysqli", "'localhost:3306'"), plan(JOOMLA)))
                .isEqualTo(expected("mysqli", "'db.hostmove.internal:3307'"));
        assertThat(rewritten(PATH, config("pdomysql", "\"localhost\""), plan(JOOMLA)))
                .isEqualTo(expected("pdomysql", "\"db.hostmove.internal:3307\""));
    }

    @Test
    void aPostgresqlSiteIsNotTheMariadbDatabase() {
        assertThat(ConfigRewriter.rewrite(PATH, config("pgsql", "'localhost'"), plan(JOOMLA))).isEmpty();
    }

    @Test
    void theOldVarSyntaxOfJoomla15() {
        String in = "<?php\nclass JConfig {\n\tvar $host = 'localhost';\n\tvar $user = 'nordlys_jml';\n"
                + "\tvar $db = 'nordlys_joomla';\n}\n";

        assertThat(rewritten(PATH, in, plan(JOOMLA))).isEqualTo("<?php\nclass JConfig {\n"
                + "\tvar $host = 'db.hostmove.internal:3307';\n\tvar $user = 'c1042_jml';\n"
                + "\tvar $db = 'c1042_joomla';\n}\n");
    }

    @Test
    void aConfigurationPhpThatIsNotJoomlasIsNotReadForDatabases() {
        String in = "<?php\nclass PluginSettings {\n\tpublic $host = 'localhost';\n\tpublic $user = 'nordlys_jml';\n"
                + "\tpublic $db = 'nordlys_joomla';\n}\n";

        assertThat(ConfigRewriter.rewrite("/srv/www/c1042/shop/plugins/x/configuration.php", in, plan(JOOMLA)))
                .isEmpty();
    }

    @Test
    void anotherDatabaseNameIsLeftAlone() {
        String in = config("mysqli", "'localhost'").replace("nordlys_joomla", "nordlys_forum");

        assertThat(ConfigRewriter.rewrite(PATH, in, plan(JOOMLA))).isEmpty();
    }

    @Test
    void withoutADatabaseNameTheUserIdentifiesTheConnection() {
        String in = "<?php\nclass JConfig {\n\tpublic $host = 'localhost';\n\tpublic $user = 'nordlys_jml';\n}\n";

        assertThat(rewritten(PATH, in, plan(JOOMLA))).isEqualTo(
                "<?php\nclass JConfig {\n\tpublic $host = 'db.hostmove.internal:3307';\n\tpublic $user = 'c1042_jml';\n}\n");
    }

    @Test
    void twoPlannedDatabasesWithTheSameOldUserAreTellApartByName() {
        DatabaseMove forum = new DatabaseMove("mariadb", "nordlys_forum", "c1042_forum", "nordlys_jml",
                "c1042_forum", "localhost", "localhost", null, null);

        assertThat(rewritten(PATH, config("mysqli", "'localhost'"), plan(forum, JOOMLA)))
                .isEqualTo(expected("mysqli", "'db.hostmove.internal:3307'"));
    }
}
