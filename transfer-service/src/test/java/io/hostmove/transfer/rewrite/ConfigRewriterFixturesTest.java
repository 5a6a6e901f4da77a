package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.change;
import static io.hostmove.transfer.rewrite.Fixtures.count;
import static io.hostmove.transfer.rewrite.Fixtures.crlf;
import static io.hostmove.transfer.rewrite.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.hostmove.events.model.ConfigRewrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

/**
 * Whole, realistic configuration files: the exact new text (every line not targeted is compared, too), the exact
 * reports, secrets, CRLF, idempotence.
 */
class ConfigRewriterFixturesTest {

    private static final String WP = "/srv/www/c1042/public_html/wp-config.php";
    private static final String JOOMLA = "/srv/www/c1042/joomla/configuration.php";
    private static final String DRUPAL = "/srv/www/c1042/drupal/web/sites/default/settings.php";
    private static final String ENV = "/srv/www/c1042/booking/.env";
    private static final String HTACCESS = "/srv/www/c1042/public_html/.htaccess";
    private static final String INI = "/srv/www/c1042/public_html/php.ini";

    /** Every fixture: target path, input, expected output, secrets exactly as written in the file. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(WP, "wordpress/wp-config.php", "wordpress/wp-config.expected.php", List.of(
                        "Hj3$kL\\'9\"q\\\\z /home/nordlys/ Ærø",
                        "r8[Q| /home/nordlys w-<mN3`Zp=Q+3U!q7~Hq:1XH3#b]k|E@a9Wg$B(c",
                        "F_1@Tq:6)X}Yc!nE9uK^sh8Lk#Wm0Rz|d2G]vP%&oJ>b5y{4N-aHx7M+iS;tCwQ",
                        "x!5Zc@7Vb#9Nm$1Aq%3Sw^5Ee&7Rd*9Tf(1Yg)3Uh_5Ij+7Ok-9Pl=1Qm{3Rn}",
                        "P7&o9*I1(u3)Y5_t7+R9-e1=W3{q5}A7[s9]D1;f3:G5<h7>J9?k1/L3|z5~X7c")),
                Arguments.of(JOOMLA, "joomla/configuration.php", "joomla/configuration.expected.php", List.of(
                        "x\\'Y\"z$w\\\\ /home/nordlys æøå", "Ft8kQ2pLz9Xw3Vb1", "Sm7p!pa$$")),
                Arguments.of(DRUPAL, "drupal/settings.php", "drupal/settings.expected.php", List.of(
                        "d8-\\'pa$$\"\\\\word /home/nordlys ünïcødé", "Hj3$kL\\'9\"q\\\\z /home/nordlys/ Ærø",
                        "r3p0rt", "qW8vN2-xR5tY7uI9oP1aS3dF6gH0jK4lZ")),
                Arguments.of(ENV, "laravel/env", "laravel/env.expected", List.of(
                        "pg$ecret\"with\\back /home/nordlys ø", "pg$ec%40ret!", "m@il pa$$ word",
                        "base64:3q2+7w8XkP0Jm9c5VtY1rA4sD6fG8hJ0kL2zX4cV6bN=", "r3d1s-pa55")),
                Arguments.of(HTACCESS, "apache/htaccess", "apache/htaccess.expected", List.of(
                        "s3cr3t /home/nordlys x")),
                Arguments.of(INI, "php/php.ini", "php/php.expected.ini", List.of("pw /home/nordlys x")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void rewritesTheWholeFileExactly(String path, String input, String expected, List<String> secrets) {
        Rewritten result = Fixtures.rewrite(path, read(input)).orElseThrow();

        assertThat(result.content()).isEqualTo(read(expected));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void leavesSecretsByteIdenticalAndOutOfTheReports(String path, String input, String expected,
                                                     List<String> secrets) {
        String before = read(input);
        Rewritten result = Fixtures.rewrite(path, before).orElseThrow();

        for (String secret : secrets) {
            assertThat(count(before, secret)).as(secret).isPositive();
            assertThat(count(result.content(), secret)).as(secret).isEqualTo(count(before, secret));
            for (ConfigRewrite change : result.changes()) {
                assertThat(change.before()).doesNotContain(secret).doesNotContain(secret.substring(0, 6));
                assertThat(change.after()).doesNotContain(secret).doesNotContain(secret.substring(0, 6));
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void rewritingTheResultAgainChangesNothing(String path, String input, String expected, List<String> secrets) {
        Rewritten once = Fixtures.rewrite(path, read(input)).orElseThrow();

        assertThat(Fixtures.rewrite(path, once.content())).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void keepsCrlfLineEndings(String path, String input, String expected, List<String> secrets) {
        Rewritten lf = Fixtures.rewrite(path, read(input)).orElseThrow();
        Rewritten crlf = Fixtures.rewrite(path, crlf(read(input))).orElseThrow();

        assertThat(crlf.content()).isEqualTo(crlf(read(expected)));
        assertThat(crlf.changes()).isEqualTo(lf.changes());
        assertThat(crlf.content().replace("\r\n", "")).doesNotContain("\n");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void reportsOneEntryPerChangedLineWithItsNumber(String path, String input, String expected,
                                                   List<String> secrets) {
        List<String> in = read(input).lines().toList();
        List<String> out = read(expected).lines().toList();
        Rewritten result = Fixtures.rewrite(path, read(input)).orElseThrow();

        List<Integer> changed = new java.util.ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (!in.get(i).equals(out.get(i))) {
                changed.add(i + 1);
            }
        }
        assertThat(result.changes()).extracting(ConfigRewrite::line).containsExactlyElementsOf(changed);
        assertThat(result.changes()).allSatisfy(c -> {
            assertThat(c.file()).isEqualTo(path);
            assertThat(c.before()).isEqualTo(Masking.mask(in.get(c.line() - 1)));
            assertThat(c.after()).isEqualTo(Masking.mask(out.get(c.line() - 1)));
        });
    }

    @Test
    void wordPress() {
        Rewritten result = Fixtures.rewrite(WP, read("wordpress/wp-config.php")).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(WP, 23, "define( 'DB_NAME', 'nordlys_wp' );", "define( 'DB_NAME', 'c1042_wp' );"),
                change(WP, 26, "define( 'DB_USER', 'nordlys_wp' );", "define( 'DB_USER', 'c1042_wp' );"),
                change(WP, 32, "define( 'DB_HOST', 'localhost' );", "define( 'DB_HOST', 'db.hostmove.internal' );"),
                change(WP, 40, "// Before the upgrade: define( 'DB_HOST', 'localhost:/home/nordlys/mysql/mysql.sock' );",
                        "// Before the upgrade: define( 'DB_HOST', 'localhost:/srv/www/c1042/mysql/mysql.sock' );"),
                change(WP, 67, "define( 'WP_CONTENT_DIR', '/home/nordlys/public_html/wp-content' );",
                        "define( 'WP_CONTENT_DIR', '/srv/www/c1042/public_html/wp-content' );"),
                change(WP, 68, "define( 'WP_TEMP_DIR', \"/home/nordlys/tmp\" );",
                        "define( 'WP_TEMP_DIR', \"/srv/www/c1042/tmp\" );"),
                change(WP, 71, "@ini_set( 'error_log', '/home/nordlys/logs/php-error.log' );",
                        "@ini_set( 'error_log', '/srv/www/c1042/logs/php-error.log' );"));
        assertThat(result.content())
                .contains("define( 'DB_PASSWORD', 'Hj3$kL\\'9\"q\\\\z /home/nordlys/ Ærø' );")
                .contains("define( 'UPLOADS_SHARED', '/home/nordlys2/shared/uploads' );");
    }

    @Test
    void joomla() {
        Rewritten result = Fixtures.rewrite(JOOMLA, read("joomla/configuration.php")).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(JOOMLA, 17, "\tpublic $host = 'localhost';", "\tpublic $host = 'db.hostmove.internal:3307';"),
                change(JOOMLA, 18, "\tpublic $user = 'nordlys_jml';", "\tpublic $user = 'c1042_jml';"),
                change(JOOMLA, 20, "\tpublic $db = 'nordlys_joomla';", "\tpublic $db = 'c1042_joomla';"),
                change(JOOMLA, 60, "\tpublic $log_path = '/home/nordlys/public_html/administrator/logs';",
                        "\tpublic $log_path = '/srv/www/c1042/public_html/administrator/logs';"),
                change(JOOMLA, 61, "\tpublic $tmp_path = '/home/nordlys/public_html/tmp';",
                        "\tpublic $tmp_path = '/srv/www/c1042/public_html/tmp';"));
    }

    @Test
    void drupalBothArraySyntaxesButNotTheDocumentationNorSomeoneElsesServer() {
        String input = read("drupal/settings.php");
        Rewritten result = Fixtures.rewrite(DRUPAL, input).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(DRUPAL, 32, "  'database' => 'nordlys_d8',", "  'database' => 'c1042_drupal',"),
                change(DRUPAL, 33, "  'username' => 'nordlys_d8',", "  'username' => 'c1042_drupal',"),
                change(DRUPAL, 36, "  'host' => '127.0.0.1',", "  'host' => 'db.hostmove.internal',"),
                change(DRUPAL, 46, "  'database' => 'nordlys_wp',", "  'database' => 'c1042_wp',"),
                change(DRUPAL, 47, "  'username' => 'nordlys_wp',", "  'username' => 'c1042_wp',"),
                change(DRUPAL, 49, "  'host' => 'localhost',", "  'host' => 'db.hostmove.internal',"),
                change(DRUPAL, 61, "$settings['file_private_path'] = '/home/nordlys/private';",
                        "$settings['file_private_path'] = '/srv/www/c1042/private';"),
                change(DRUPAL, 62, "$settings['file_temp_path'] = '/home/nordlys/tmp';",
                        "$settings['file_temp_path'] = '/srv/www/c1042/tmp';"),
                change(DRUPAL, 63, "$settings['config_sync_directory'] = '/home/nordlys/config/sync';",
                        "$settings['config_sync_directory'] = '/srv/www/c1042/config/sync';"));
        // the @code example in the doc comment and the accountant's copy on another server stay as they were
        assertThat(result.content())
                .contains(" *   'database' => 'databasename',")
                .contains("['database' => 'nordlys_d8', 'username' => 'report', 'password' => 'r3p0rt', "
                        + "'host' => 'reports.example.net', 'driver' => 'mysql'];");
    }

    @Test
    void laravelEnv() {
        Rewritten result = Fixtures.rewrite(ENV, read("laravel/env")).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(ENV, 12, "LOG_PATH=/home/nordlys/booking/storage/logs",
                        "LOG_PATH=/srv/www/c1042/booking/storage/logs"),
                change(ENV, 15, "DB_HOST=localhost", "DB_HOST=pg.hostmove.internal"),
                change(ENV, 16, "DB_PORT=5432", "DB_PORT=6432"),
                change(ENV, 17, "DB_DATABASE=nordlys_app", "DB_DATABASE=c1042_app"),
                change(ENV, 18, "DB_USERNAME=\"nordlys_app\"", "DB_USERNAME=\"c1042_app\""),
                change(ENV, 22,
                        "DATABASE_URL='postgresql://nordlys_app:****@localhost:5432/nordlys_app?serverVersion=16&charset=utf8'",
                        "DATABASE_URL='postgresql://c1042_app:****@pg.hostmove.internal:6432/c1042_app?serverVersion=16&charset=utf8'"),
                change(ENV, 38, "FILESYSTEM_ROOT=/home/nordlys/booking/storage/app",
                        "FILESYSTEM_ROOT=/srv/www/c1042/booking/storage/app"));
        assertThat(result.content()).contains(
                "DATABASE_URL='postgresql://c1042_app:pg$ec%40ret!@pg.hostmove.internal:6432/c1042_app?serverVersion=16&charset=utf8'");
    }

    @Test
    void htaccess() {
        Rewritten result = Fixtures.rewrite(HTACCESS, read("apache/htaccess")).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(HTACCESS, 12, "php_value include_path \".:/home/nordlys/php/includes:/usr/share/php\"",
                        "php_value include_path \".:/srv/www/c1042/php/includes:/usr/share/php\""),
                change(HTACCESS, 13, "php_value error_log /home/nordlys/logs/php_errors.log",
                        "php_value error_log /srv/www/c1042/logs/php_errors.log"),
                change(HTACCESS, 14, "php_value upload_tmp_dir \"/home/nordlys/tmp\"",
                        "php_value upload_tmp_dir \"/srv/www/c1042/tmp\""),
                change(HTACCESS, 19, "AuthUserFile /home/nordlys/.htpasswd", "AuthUserFile /srv/www/c1042/.htpasswd"));
    }

    @Test
    void phpIni() {
        Rewritten result = Fixtures.rewrite(INI, read("php/php.ini")).orElseThrow();

        assertThat(result.changes()).containsExactly(
                change(INI, 7, "open_basedir = /home/nordlys:/tmp:/usr/share/php",
                        "open_basedir = /srv/www/c1042:/tmp:/usr/share/php"),
                change(INI, 8, "session.save_path = \"/home/nordlys/tmp/sessions\"",
                        "session.save_path = \"/srv/www/c1042/tmp/sessions\""),
                change(INI, 9, "error_log = /home/nordlys/logs/php_errors.log",
                        "error_log = /srv/www/c1042/logs/php_errors.log"),
                change(INI, 10, "sys_temp_dir = /home/nordlys/tmp", "sys_temp_dir = /srv/www/c1042/tmp"),
                change(INI, 11, "include_path = \".:/home/nordlys/php/includes\"",
                        "include_path = \".:/srv/www/c1042/php/includes\""),
                change(INI, 17, "opcache.blacklist_filename = /home/nordlys/opcache-blacklist.txt",
                        "opcache.blacklist_filename = /srv/www/c1042/opcache-blacklist.txt"));
        // php.ini is not a place the rewriter reads database settings from
        assertThat(result.content()).contains("mysqli.default_user = nordlys_wp");
    }

    @Test
    void aPlanThatChangesNothingReturnsEmpty() {
        RewritePlan same = new RewritePlan("/home/nordlys", "/home/nordlys", List.of(
                new RewritePlan.DatabaseMove("mariadb", "nordlys_wp", "nordlys_wp", "nordlys_wp", "nordlys_wp",
                        "localhost", "localhost", null, null)));

        for (String[] f : new String[][] {{WP, "wordpress/wp-config.php"}, {JOOMLA, "joomla/configuration.php"},
                {DRUPAL, "drupal/settings.php"}, {ENV, "laravel/env"}, {HTACCESS, "apache/htaccess"},
                {INI, "php/php.ini"}}) {
            assertThat(Fixtures.rewrite(f[0], read(f[1]), same)).as(f[1]).isEmpty();
        }
    }
}
