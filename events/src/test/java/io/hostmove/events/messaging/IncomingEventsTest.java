package io.hostmove.events.messaging;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures an event waits out (the database's) and which are the event's own. */
class IncomingEventsTest {

    @Test
    void the_database_unreachable_restarting_or_refusing_the_login_passes() {
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("terminating connection due to administrator "
                + "command", "57P01")))).isTrue();
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("role \"hostmove_notification\" is not "
                + "permitted to log in", "28000")))).isTrue();
        assertThat(IncomingEvents.mayPass(new SQLTransientConnectionException("pool exhausted"))).isTrue();
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("Acquisition timeout while waiting for new "
                + "connection")))).as("the pool's own refusal carries no SQL state").isTrue();
    }

    @Test
    void a_failure_of_the_event_itself_does_not() {
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("value too long for type character varying(20)",
                "22001")))).isFalse();
        assertThat(IncomingEvents.mayPass(wrapped(new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(IncomingEvents.mayPass(new IllegalArgumentException("unknown notice kind"))).isFalse();
        assertThat(IncomingEvents.mayPass(new IllegalStateException("template error",
                new IllegalArgumentException("no such property")))).isFalse();
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new PersistenceException("could not execute statement", cause);
    }
}
