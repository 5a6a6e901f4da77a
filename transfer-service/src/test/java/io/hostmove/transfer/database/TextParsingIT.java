package io.hostmove.transfer.database;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The text handling under the copy and the read-only switch; needs no host (named *IT to run with the others). */
class TextParsingIT {

    @Test
    void grantLinesComeApartWhateverTheNamesHold() {
        MariadbGrant usage = MariadbGrant.parse("GRANT USAGE ON *.* TO `we'ird`@`127.%` IDENTIFIED BY PASSWORD "
                + "'*2B602296A79E0A8784ACC5C88D92E46588CCA3C3' WITH MAX_QUERIES_PER_HOUR 100");
        assertThat(usage.statement()).isEqualTo("GRANT USAGE ON *.* TO `we'ird`@`127.%` WITH MAX_QUERIES_PER_HOUR 100");
        assertThat(usage.level()).isEqualTo(MariadbGrant.Level.GLOBAL);
        assertThat(usage.writes()).isFalse();

        MariadbGrant db = MariadbGrant.parse("GRANT ALL PRIVILEGES ON `a `` ON ``.*`` TO x`.* TO `u ON x`@`%` WITH GRANT OPTION");
        assertThat(db.level()).isEqualTo(MariadbGrant.Level.DATABASE);
        assertThat(db.database()).isEqualTo("a ` ON `.*` TO x");
        assertThat(db.grantee()).isEqualTo("`u ON x`@`%`");
        assertThat(db.grantOption()).isTrue();
        assertThat(db.concerns("a ` ON `.*` TO x")).isTrue();
        assertThat(db.readOnlyGrant()).isEqualTo("GRANT SELECT, SHOW VIEW ON `a `` ON ``.*`` TO x`.* TO `u ON x`@`%`");
        assertThat(db.revokes()).containsExactly(
                "REVOKE ALL PRIVILEGES ON `a `` ON ``.*`` TO x`.* FROM `u ON x`@`%`",
                "REVOKE GRANT OPTION ON `a `` ON ``.*`` TO x`.* FROM `u ON x`@`%`");

        MariadbGrant columns = MariadbGrant.parse("GRANT SELECT, INSERT (`v, w`), UPDATE (`id`, `v`) ON `d`.`t 'q` TO `u`@`h`");
        assertThat(columns.level()).isEqualTo(MariadbGrant.Level.TABLE);
        assertThat(columns.items()).containsExactly("SELECT", "INSERT (`v, w`)", "UPDATE (`id`, `v`)");
        assertThat(columns.readOnlyGrant()).isEqualTo("GRANT SELECT ON `d`.`t 'q` TO `u`@`h`");

        MariadbGrant routine = MariadbGrant.parse("GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE `d`.`p` TO `u`@`h`");
        assertThat(routine.level()).isEqualTo(MariadbGrant.Level.ROUTINE);
        assertThat(routine.concerns("d")).isTrue();
        assertThat(routine.readOnlyGrant()).isNull();

        MariadbGrant pattern = MariadbGrant.parse("GRANT SELECT, INSERT ON `shop\\_%`.* TO `u`@`h`");
        assertThat(pattern.concerns("shop_1")).isFalse();
        assertThat(pattern.patternCovers("shop_1")).isTrue();
        assertThat(pattern.patternCovers("shopx1")).isFalse();
        assertThat(MariadbGrant.parse("GRANT SELECT ON `shop\\_1`.* TO `u`@`h`").concerns("shop_1")).isTrue();

        assertThat(MariadbGrant.parse("GRANT `role` TO `u`@`h`").level()).isEqualTo(MariadbGrant.Level.OTHER);
        assertThat(MariadbGrant.stripIdentified("GRANT USAGE ON *.* TO `u`@`h` IDENTIFIED VIA ed25519 USING 'abc' "
                + "OR unix_socket REQUIRE SSL")).isEqualTo("GRANT USAGE ON *.* TO `u`@`h` REQUIRE SSL");
    }

    @Test
    void batchOutputIsUnescaped() {
        assertThat(Mariadb.parse("a\\tb\tc\\nd\\\\e\n\nx\n")).containsExactly(
                List.of("a\tb", "c\nd\\e"), List.of(""), List.of("x"));
        assertThat(Mariadb.parse("")).isEmpty();
    }

    @Test
    void secretsAreScrubbedFromMessages() {
        String hash = "*2B602296A79E0A8784ACC5C88D92E46588CCA3C3";
        String scram = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy";
        assertThat(Secrets.redact("near 'IDENTIFIED BY PASSWORD '" + hash.substring(0, 20), Set.of()))
                .doesNotContain(hash.substring(0, 20));
        assertThat(Secrets.redact("LINE 1: CREATE ROLE x LOGIN PASSWORD E'" + scram + "'", Set.of()))
                .doesNotContain("c3RvcmVk");
        assertThat(Secrets.redact("something " + scram.substring(0, 30) + "…", Set.of(scram)))
                .doesNotContain("c2FsdA");
        assertThat(Secrets.brief("x ".repeat(400) + hash, Set.of())).doesNotContain(hash);
    }

    @Test
    void pgDumpPatternsAreExact() {
        assertThat(Postgres.exactPattern("we.ird*s", "t \"q\" ?.*x")).isEqualTo("\"we.ird*s\".\"t \"\"q\"\" ?.*x\"");
        assertThat(Postgres.string("a'b\\c")).isEqualTo("E'a\\'b\\\\c'");
    }
}
