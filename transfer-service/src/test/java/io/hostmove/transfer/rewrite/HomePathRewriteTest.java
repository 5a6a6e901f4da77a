package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

class HomePathRewriteTest {

    private static final RewritePlan MOVE = RewritePlan.homeOnly("/home/nordlys", "/srv/www/c1042");

    private static Optional<Rewritten> rewrite(String path, String content) {
        return ConfigRewriter.rewrite(path, content, MOVE);
    }

    private static String rewritten(String path, String content) {
        return rewrite(path, content).orElseThrow().content();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '§', value = {
            "root /home/nordlys/public_html;                     | root /srv/www/c1042/public_html;",
            "path: /home/nordlys                                 | path: /srv/www/c1042",
            "path: '/home/nordlys'                               | path: '/srv/www/c1042'",
            "cmd: `ls /home/nordlys`                             | cmd: `ls /srv/www/c1042`",
            "open_basedir = /home/nordlys:/tmp                   | open_basedir = /srv/www/c1042:/tmp",
            "paths: [/home/nordlys, /home/nordlys/a]             | paths: [/srv/www/c1042, /srv/www/c1042/a]",
            "<Directory /home/nordlys>                           | <Directory /srv/www/c1042>",
            "x=/home/nordlys\t# tab                              | x=/srv/www/c1042\t# tab",
            "url: file:///home/nordlys/x                         | url: file:///srv/www/c1042/x",
            "include_path=.;/home/nordlys;/usr/share             | include_path=.;/srv/www/c1042;/usr/share",
    })
    void rewritesWholePaths(String before, String after) {
        assertThat(rewritten("/srv/www/c1042/conf/site.conf", before.replace("\\t", "\t")))
                .isEqualTo(after.replace("\\t", "\t"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "backup: /home/nordlys2/backup",
            "backup: /home/nordlys2",
            "old: /home/nordlys.bak/x",
            "old: /home/nordlys-old/x",
            "old: /home/nordlys_old",
            "chroot: /var/home/nordlys/x",
            "chroot: /srv/chroot/home/nordlys",
            "user: ~/home/nordlys",
            "mail: x@/home/nordlys/inbox",
            "see http://example.com/home/nordlys/x",
            "serialized: a:1:{i:0;s:26:\"/home/nordlys/public_html/\";}",
    })
    void leavesPathsThatOnlyLookAlike(String line) {
        assertThat(rewrite("/srv/www/c1042/conf/site.yml", line + "\n")).isEmpty();
    }

    @Test
    void everyOccurrenceOnALineAndTheEndOfTheFile() {
        String in = "{\n  \"paths\": [\"/home/nordlys/a\", \"/home/nordlys2/b\", \"/home/nordlys\"],\n"
                + "  \"root\": \"/home/nordlys\"\n}\n/home/nordlys";

        assertThat(rewritten("/srv/www/c1042/public_html/app.json", in)).isEqualTo(
                "{\n  \"paths\": [\"/srv/www/c1042/a\", \"/home/nordlys2/b\", \"/srv/www/c1042\"],\n"
                        + "  \"root\": \"/srv/www/c1042\"\n}\n/srv/www/c1042");
    }

    @Test
    void jsonEscapedSlashes() {
        String in = "{\"upload_dir\":\"\\/home\\/nordlys\\/public_html\\/wp-content\\/uploads\","
                + "\"other\":\"\\/home\\/nordlys2\\/x\"}";

        assertThat(rewritten("/srv/www/c1042/public_html/wp-content/cache/config.json", in)).isEqualTo(
                "{\"upload_dir\":\"\\/srv\\/www\\/c1042\\/public_html\\/wp-content\\/uploads\","
                        + "\"other\":\"\\/home\\/nordlys2\\/x\"}");
    }

    @Test
    void unicodeAroundThePathSurvives() {
        String in = "galleri: \"/home/nordlys/bilder/blåbær 🫐.jpg\" # Tromsø – Ålesund\n";

        assertThat(rewritten("/srv/www/c1042/galleri.yaml", in))
                .isEqualTo("galleri: \"/srv/www/c1042/bilder/blåbær 🫐.jpg\" # Tromsø – Ålesund\n");
    }

    @Test
    void secretsStayUnlessTheWholeValueIsAPathBelowTheOldHome() {
        String in = "DB_PASSWORD=\"x /home/nordlys y\"\nAPI_TOKEN=abc/home/nordlys\nAPP_SECRET='/tmp /home/nordlys'\n"
                + "SSL_KEY=/home/nordlys/ssl/site.key\nREDIS_URL=redis://u:p%20/home/nordlys@localhost\n";

        Rewritten result = rewrite("/srv/www/c1042/app/.env", in).orElseThrow();

        assertThat(result.content()).isEqualTo("DB_PASSWORD=\"x /home/nordlys y\"\nAPI_TOKEN=abc/home/nordlys\n"
                + "APP_SECRET='/tmp /home/nordlys'\nSSL_KEY=/srv/www/c1042/ssl/site.key\n"
                + "REDIS_URL=redis://u:p%20/home/nordlys@localhost\n");
        assertThat(result.changes()).containsExactly(
                change("/srv/www/c1042/app/.env", 4, "SSL_KEY=****", "SSL_KEY=****"));
    }

    @Test
    void aNewHomeBelowTheOldOneIsNotRewrittenTwice() {
        RewritePlan below = RewritePlan.homeOnly("/home/nordlys", "/home/nordlys/site");
        String in = "a: /home/nordlys/public_html\nb: /home/nordlys\n";

        String once = ConfigRewriter.rewrite("/x/site.yml", in, below).orElseThrow().content();

        assertThat(once).isEqualTo("a: /home/nordlys/site/public_html\nb: /home/nordlys/site\n");
        assertThat(ConfigRewriter.rewrite("/x/site.yml", once, below)).isEmpty();
    }

    @Test
    void aTrailingSlashInThePlanDoesNotMatter() {
        RewritePlan slashes = RewritePlan.homeOnly("/home/nordlys/", "/srv/www/c1042/");

        assertThat(ConfigRewriter.rewrite("/x/a.ini", "p = /home/nordlys/x\nq = /home/nordlys\n", slashes)
                .orElseThrow().content()).isEqualTo("p = /srv/www/c1042/x\nq = /srv/www/c1042\n");
    }

    @Test
    void onlyConfigFilesAreRewritten() {
        String in = "/home/nordlys/public_html\n";

        assertThat(rewrite("/srv/www/c1042/public_html/index.html", in)).isEmpty();
        assertThat(rewrite("/srv/www/c1042/notes.txt", in)).isEmpty();
        assertThat(rewrite("/srv/www/c1042/public_html/.user.ini", in)).isPresent();
        assertThat(rewrite("/srv/www/c1042/public_html/.htaccess", in)).isPresent();
        assertThat(rewrite("/srv/www/c1042/app/.env.production", in)).isPresent();
        assertThat(rewrite("/srv/www/c1042/app/config/PACKAGES.YAML", in)).isPresent();
    }

    @Test
    void equalHomesRewriteNothing() {
        assertThat(ConfigRewriter.rewrite("/x/a.conf", "root /home/nordlys;\n",
                RewritePlan.homeOnly("/home/nordlys", "/home/nordlys"))).isEmpty();
    }
}
