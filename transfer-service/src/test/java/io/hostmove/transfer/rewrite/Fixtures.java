package io.hostmove.transfer.rewrite;

import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The account "nordlys" moving to the new platform as customer c1042, and the fixture files of its sites. */
final class Fixtures {

    static final String OLD_HOME = "/home/nordlys";
    static final String NEW_HOME = "/srv/www/c1042";

    /** WordPress: renamed, moves to the database server, default port before and after. */
    static final DatabaseMove WORDPRESS = new DatabaseMove("mariadb", "nordlys_wp", "c1042_wp", "nordlys_wp",
            "c1042_wp", "localhost", "db.hostmove.internal", null, null);
    /** Joomla: renamed, moves to the database server on port 3307. */
    static final DatabaseMove JOOMLA = new DatabaseMove("mariadb", "nordlys_joomla", "c1042_joomla", "nordlys_jml",
            "c1042_jml", "localhost", "db.hostmove.internal", null, "3307");
    /** Drupal: reached over 127.0.0.1 today. */
    static final DatabaseMove DRUPAL = new DatabaseMove("mariadb", "nordlys_d8", "c1042_drupal", "nordlys_d8",
            "c1042_drupal", "127.0.0.1", "db.hostmove.internal", null, null);
    /** Laravel booking app on PostgreSQL, behind PgBouncer on 6432 afterwards. */
    static final DatabaseMove BOOKING = new DatabaseMove("postgresql", "nordlys_app", "c1042_app", "nordlys_app",
            "c1042_app", "localhost", "pg.hostmove.internal", "5432", "6432");
    /** Symfony shop: only its user is renamed; same host. */
    static final DatabaseMove SHOP = new DatabaseMove("mariadb", "nordlys_shop", "nordlys_shop", "nordlys_shop",
            "c1042_shop", "localhost", "localhost", null, null);

    static final RewritePlan PLAN = new RewritePlan(OLD_HOME, NEW_HOME,
            List.of(WORDPRESS, JOOMLA, DRUPAL, BOOKING, SHOP));

    private Fixtures() {
    }

    /** A resource below {@code rewrite/}, strictly UTF-8. */
    static String read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/rewrite/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource rewrite/" + resource);
            }
            return ConfigFiles.decodeUtf8(in.readAllBytes()).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Rewritten> rewrite(String path, String content, RewritePlan plan) {
        return ConfigRewriter.rewrite(path, content, plan);
    }

    static Optional<Rewritten> rewrite(String path, String content) {
        return ConfigRewriter.rewrite(path, content, PLAN);
    }

    /** The rewritten content; fails when nothing changed. */
    static String rewritten(String path, String content, RewritePlan plan) {
        return ConfigRewriter.rewrite(path, content, plan).orElseThrow(
                () -> new AssertionError("expected a change in " + path)).content();
    }

    static RewritePlan plan(DatabaseMove... moves) {
        return new RewritePlan(OLD_HOME, OLD_HOME, List.of(moves));
    }

    static ConfigRewrite change(String file, int line, String before, String after) {
        return new ConfigRewrite(file, line, before, after);
    }

    static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
