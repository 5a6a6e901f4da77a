package io.hostmove.e2e.bench;

import io.hostmove.events.testing.Handoffs;
import io.hostmove.events.testing.Handoffs.Handoff;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Phase hand-off latency of a finished run, read from the topics as any consumer sees them ({@link Handoffs}).
 * Prints one line per kind of hand-off, then count, median and p99 in milliseconds.
 *
 * <p>Given the planner's database as well, it first prints where each hand-off's time went, from the planner's own
 * rows: from the result's record to the planner's transaction (its processed-event row, stamped when the
 * transaction starts), from there to the request being made (the request's outbox row), and from there to the
 * request's record, in the order the results were published.
 *
 * <p>Usage: {@code HandoffLatencyBench BOOTSTRAP [PLANNER_JDBC_URL PLANNER_DB_USER]} (run by bench/e2e/run.sh; the
 * password, if any, from {@code HOSTMOVE_PG_PASSWORD}).
 */
public final class HandoffLatencyBench {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private HandoffLatencyBench() {
    }

    public static void main(String[] args) throws SQLException {
        Handoffs handoffs = Handoffs.read(args[0], migration -> true);
        if (args.length >= 3) {
            printStages(handoffs, args[1], args[2]);
        }
        // One line per kind of hand-off first, for finding where the time goes; the summary line comes last.
        handoffs.byKind().forEach((kind, millis) -> System.out.printf("%s: %s ms%n", kind, millis));
        System.out.printf("handoffs=%d median_ms=%d p99_ms=%d max_ms=%d%n", handoffs.millis().size(),
                handoffs.percentile(50), handoffs.percentile(99), handoffs.max());
    }

    private static void printStages(Handoffs handoffs, String url, String user) throws SQLException {
        String password = Objects.requireNonNullElse(System.getenv("HOSTMOVE_PG_PASSWORD"), "");
        try (Connection db = DriverManager.getConnection(url, user, password);
             PreparedStatement started = db.prepareStatement(
                     "select extract(epoch from processed_at) * 1000 from processed_event where event_id = ?");
             PreparedStatement made = db.prepareStatement(
                     "select extract(epoch from occurred_at) * 1000 from outbox_message where event_id = ?")) {
            System.out.println("| result record at (UTC) | result → next request | record → planner's transaction"
                    + " | applying → request made | → request's record | total (ms) |");
            System.out.println("|---|---|---:|---:|---:|---:|");
            List<Handoff> inTime = handoffs.each().stream().sorted(Comparator.comparingLong(Handoff::resultAt))
                    .toList();
            for (Handoff handoff : inTime) {
                double transaction = millisOf(started, handoff.resultId());
                double request = millisOf(made, handoff.requestId());
                System.out.printf("| %s | %s | %s | %s | %s | %d |%n",
                        CLOCK.format(Instant.ofEpochMilli(handoff.resultAt())),
                        handoff.kind().replace("io.hostmove.", ""), span(handoff.resultAt(), transaction),
                        span(transaction, request), span(request, handoff.requestAt()), handoff.millis());
            }
        }
    }

    /** The epoch milliseconds the row of {@code eventId} holds, or NaN when the row is gone (purged). */
    private static double millisOf(PreparedStatement query, String eventId) throws SQLException {
        query.setObject(1, UUID.fromString(eventId));
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? row.getDouble(1) : Double.NaN;
        }
    }

    private static String span(double from, double to) {
        return Double.isNaN(from) || Double.isNaN(to) ? "–" : String.valueOf(Math.round(to - from));
    }
}
