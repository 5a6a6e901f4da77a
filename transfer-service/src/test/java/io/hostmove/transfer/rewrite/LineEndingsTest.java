package io.hostmove.transfer.rewrite;

import static io.hostmove.transfer.rewrite.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineEndingsTest {

    private static final RewritePlan MOVE = RewritePlan.homeOnly("/home/nordlys", "/srv/www/c1042");

    @Test
    void mixedEndingsEachStayAsTheyWere() {
        String in = "a = /home/nordlys/a\r\nb = 1\nc = /home/nordlys/c\n\r\nd = /home/nordlys/d\re = 2\r\n";

        Rewritten result = ConfigRewriter.rewrite("/x/php.ini", in, MOVE).orElseThrow();

        assertThat(result.content()).isEqualTo(
                "a = /srv/www/c1042/a\r\nb = 1\nc = /srv/www/c1042/c\n\r\nd = /srv/www/c1042/d\re = 2\r\n");
        // a lone CR is not a line break
        assertThat(result.changes()).containsExactly(
                change("/x/php.ini", 1, "a = /home/nordlys/a", "a = /srv/www/c1042/a"),
                change("/x/php.ini", 3, "c = /home/nordlys/c", "c = /srv/www/c1042/c"),
                change("/x/php.ini", 5, "d = /home/nordlys/d\re = 2", "d = /srv/www/c1042/d\re = 2"));
    }

    @Test
    void noFinalNewlineStaysWithout() {
        assertThat(ConfigRewriter.rewrite("/x/php.ini", "x = 1\r\ny = /home/nordlys", MOVE).orElseThrow().content())
                .isEqualTo("x = 1\r\ny = /srv/www/c1042");
        assertThat(ConfigRewriter.rewrite("/x/php.ini", "", MOVE)).isEmpty();
    }

    @Test
    void blankLinesAndWhitespaceOnlyLinesAreKept() {
        String in = "\n\n  \t\r\n/home/nordlys\n\n";

        assertThat(ConfigRewriter.rewrite("/x/a.conf", in, MOVE).orElseThrow().content())
                .isEqualTo("\n\n  \t\r\n/srv/www/c1042\n\n");
    }
}
