package io.hostmove.planner;

import java.time.Duration;

/** How long a customer's site is read-only during the cut-over, as promised in the announcement. */
public final class DowntimeEstimate {

    private DowntimeEstimate() {
    }

    /**
     * Whole minutes, rounded up: a fixed overhead plus the database copy at the measured speed.
     *
     * @param databaseBytes          size of all the account's databases
     * @param databaseBytesPerSecond copy speed of the parallel dump and restore
     * @param overhead               maintenance switching, final delta and checks
     */
    public static int minutes(long databaseBytes, long databaseBytesPerSecond, Duration overhead) {
        long seconds = overhead.toSeconds() + (databaseBytes + databaseBytesPerSecond - 1) / databaseBytesPerSecond;
        return (int) Math.max(1, (seconds + 59) / 60);
    }
}
