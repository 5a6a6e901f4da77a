package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.SshConnector;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** What a running step may use: connections it opens are closed and, on a pause or cancel, killed. */
public final class StepContext implements AutoCloseable {

    private static final long PROGRESS_EVERY_MILLIS = 3_000;

    private final UUID migrationId;
    private final MigrationStep step;
    private final SshConnector connector;
    private final Consumer<TransferProgressed> progress;
    private final List<RemoteHost> hosts = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private long lastProgress;

    StepContext(UUID migrationId, MigrationStep step, SshConnector connector, Consumer<TransferProgressed> progress) {
        this.migrationId = migrationId;
        this.step = step;
        this.connector = connector;
        this.progress = progress;
    }

    public UUID migrationId() {
        return migrationId;
    }

    public RemoteHost connect(HostSpec host) {
        checkNotCancelled();
        RemoteHost remote = connector.connect(host);
        hosts.add(remote);
        if (cancelled) {
            remote.cancel();
        }
        return remote;
    }

    /** Publishes progress, at most every few seconds. */
    public void progress(long bytesDone, long bytesTotal, long filesDone, long startedNanos) {
        long now = System.currentTimeMillis();
        if (now - lastProgress < PROGRESS_EVERY_MILLIS) {
            return;
        }
        lastProgress = now;
        double seconds = Math.max(0.001, (System.nanoTime() - startedNanos) / 1e9);
        long rate = (long) (bytesDone / seconds);
        long eta = rate == 0 ? 0 : Math.max(0, (bytesTotal - bytesDone) / rate);
        progress.accept(new TransferProgressed(step, bytesDone, bytesTotal, filesDone, rate, eta));
    }

    public void checkNotCancelled() {
        if (cancelled) {
            throw new StepCancelledException("the migration was paused or cancelled");
        }
    }

    void cancel() {
        cancelled = true;
        hosts.forEach(RemoteHost::cancel);
    }

    @Override
    public void close() {
        hosts.forEach(RemoteHost::close);
    }
}
