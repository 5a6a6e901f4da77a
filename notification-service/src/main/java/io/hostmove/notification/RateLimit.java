package io.hostmove.notification;

import java.util.concurrent.TimeUnit;

/** Spaces out emails so that no more than the configured number per second reach the SMTP server. */
public final class RateLimit {

    private final long intervalNanos;
    private long next;

    public RateLimit(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.next = System.nanoTime();
    }

    /** Whether no limit is set: every email may go at once. */
    public boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Blocks until the next email may go. */
    public void acquire() throws InterruptedException {
        if (unlimited()) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            // An idle spell does not bank a burst: at most one email goes at once after a pause.
            next = Math.max(next, now);
            wait = next - now;
            next += intervalNanos;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
