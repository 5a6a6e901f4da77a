package io.hostmove.transfer.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

class RewritePlanTest {

    private static DatabaseMove move(String oldHost, String oldPort) {
        return new DatabaseMove("MariaDB", "a", "b", "u", "v", oldHost, "localhost", oldPort, null);
    }

    @Test
    void homesAreNormalised() {
        RewritePlan plan = RewritePlan.homeOnly("/home/nordlys/", "/srv/www/c1042//");

        assertThat(plan.oldHome()).isEqualTo("/home/nordlys");
        assertThat(plan.newHome()).isEqualTo("/srv/www/c1042");
        assertThat(plan.movesHome()).isTrue();
        assertThat(RewritePlan.homeOnly("/home/nordlys", "/home/nordlys/").movesHome()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "/", "//", "home/nordlys", "/home//nordlys", "/home/../etc", "/home/./x",
            "/home/nordlys\n"})
    void homesMustBeAbsoluteNormalisedAndNotRoot(String home) {
        assertThatThrownBy(() -> RewritePlan.homeOnly(home, "/srv/www/c1042"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlanIsACopy() {
        List<DatabaseMove> moves = new ArrayList<>(List.of(move("localhost", null)));
        RewritePlan plan = new RewritePlan("/home/a", "/home/b", moves);
        moves.clear();

        assertThat(plan.databases()).hasSize(1);
    }

    @Test
    void portsAndHosts() {
        DatabaseMove m = move("[::1]", " 3306 ");

        assertThat(m.engine()).isEqualTo("mariadb");
        assertThat(m.oldHost()).isEqualTo("::1");
        assertThat(m.oldPort()).isEqualTo("3306");
        assertThat(m.defaultPort()).isEqualTo("3306");
        assertThat(move("localhost", "  ").oldPort()).isNull();
        assertThat(new DatabaseMove("postgresql", "a", "a", "u", "u", "h", "h", null, null).defaultPort())
                .isEqualTo("5432");
        assertThat(new DatabaseMove("sqlite", "a", "a", "u", "u", "h", "h", null, null).defaultPort()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "65536", "33o6", "-1", "3306:"})
    void badPorts(String port) {
        assertThatThrownBy(() -> move("localhost", port)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "local host", "db'host", "db\"host", "db/host", "db$host"})
    void badHosts(String host) {
        assertThatThrownBy(() -> move(host, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesMustNotBreakLines() {
        assertThatThrownBy(() -> new DatabaseMove("mariadb", "a", "b\nc", "u", "v", "h", "h", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseMove("mariadb", "a", "", "u", "v", "h", "h", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseMove("mariadb", null, "b", "u", "v", "h", "h", null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
