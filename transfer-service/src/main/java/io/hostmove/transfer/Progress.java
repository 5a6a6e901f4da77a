package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferResult.TransferProgressed;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How far a step's copies got (files, then databases, one after the other), published as
 * {@link TransferProgressed} at most once per interval. Any thread may report: the database streams run in
 * parallel.
 */
public final class Progress {

    /** Reports nothing; for work that is no step of the planner's. */
    public static final Progress NONE = new Progress(null, Duration.ofDays(365), event -> {
    }, System::nanoTime);

    private final MigrationStep step;
    private final long intervalNanos;
    private final Consumer<TransferProgressed> publish;
    private final LongSupplier clock;

    private long finishedBytes;
    private long finishedFiles;
    private long bytes;
    private long total;
    private long files;
    private long pending;
    private long lastNanos;
    private long lastBytes;

    Progress(MigrationStep step, Duration interval, Consumer<TransferProgressed> publish, LongSupplier clock) {
        this.step = step;
        this.intervalNanos = interval.toNanos();
        this.publish = publish;
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
    }

    /** Bytes the copies that have not started yet are expected to move (an estimate; 0 when unknown). */
    public synchronized void expect(long laterBytes) {
        pending += Math.max(0, laterBytes);
    }

    /** A copy of about {@code expectedBytes} (0: unknown) starts; the ones before it count as done. */
    public synchronized void start(long expectedBytes) {
        end();
        total = Math.max(0, expectedBytes);
    }

    /** A copy announced with {@link #expect} starts: its bytes move from pending to the current copy. */
    public synchronized void startExpected(long expectedBytes) {
        start(expectedBytes);
        pending = Math.max(0, pending - Math.max(0, expectedBytes));
    }

    /** The current copy has moved {@code bytesDone} of {@code bytesTotal} (0: unknown) and {@code filesDone} files. */
    public void at(long bytesDone, long bytesTotal, long filesDone) {
        TransferProgressed event;
        synchronized (this) {
            bytes = bytesDone;
            total = Math.max(total, bytesTotal);
            files = filesDone;
            event = due();
        }
        send(event);
    }

    /** The current copy moved {@code more} bytes. */
    public void add(long more) {
        TransferProgressed event;
        synchronized (this) {
            bytes += more;
            event = due();
        }
        send(event);
    }

    /** The current copy is done: what it moved counts as done from now on. */
    public synchronized void end() {
        finishedBytes += bytes;
        finishedFiles += files;
        bytes = 0;
        total = 0;
        files = 0;
    }

    private TransferProgressed due() {
        long now = clock.getAsLong();
        if (step == null || now - lastNanos < intervalNanos) {
            return null;
        }
        long done = finishedBytes + bytes;
        long all = finishedBytes + Math.max(total, bytes) + pending;
        long rate = (long) ((done - lastBytes) / ((now - lastNanos) / 1e9));
        lastNanos = now;
        lastBytes = done;
        long eta = rate <= 0 ? 0 : (all - done + rate - 1) / rate;
        return new TransferProgressed(step, done, all, finishedFiles + files, Math.max(0, rate), eta);
    }

    private void send(TransferProgressed event) {
        if (event != null) {
            publish.accept(event);
        }
    }
}
