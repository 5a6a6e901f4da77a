package io.hostmove.e2e.bench;

import io.hostmove.events.testing.Handoffs;

/**
 * Phase hand-off latency of a finished run, read from the topics as any consumer sees them ({@link Handoffs}).
 * Prints one line per kind of hand-off, then count, median and p99 in milliseconds.
 *
 * <p>Usage: {@code HandoffLatencyBench BOOTSTRAP} (run by bench/e2e/run.sh).
 */
public final class HandoffLatencyBench {

    private HandoffLatencyBench() {
    }

    public static void main(String[] args) {
        Handoffs handoffs = Handoffs.read(args[0], migration -> true);
        // One line per kind of hand-off first, for finding where the time goes; the summary line comes last.
        handoffs.byKind().forEach((kind, millis) -> System.out.printf("%s: %s ms%n", kind, millis));
        System.out.printf("handoffs=%d median_ms=%d p99_ms=%d max_ms=%d%n", handoffs.millis().size(),
                handoffs.percentile(50), handoffs.percentile(99), handoffs.max());
    }
}
