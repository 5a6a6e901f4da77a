package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.SshConnector;
import io.hostmove.transfer.ssh.StepCancelledException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** What a running step may use: connections it opens are closed and, on a pause or cancel, killed. */
public final class StepContext implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepContext.class);

    private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ssh-connect");
        thread.setDaemon(true);
        return thread;
    });

    private final UUID migrationId;
    private final MigrationStep step;
    private final SshConnector connector;
    private final Progress progress;
    private final List<RemoteHost> hosts = new CopyOnWriteArrayList<>();
    /** The thread that runs the step: made on it, and told when it is done with this context. */
    private final Thread worker = Thread.currentThread();
    private volatile boolean cancelled;
    private boolean working = true;

    /**
     * @param step     the planner's step this runs, or null for the service's own work (a mail catch-up pass)
     * @param progress where the step's copies report how far they got ({@link Progress#NONE} for no step)
     */
    StepContext(UUID migrationId, MigrationStep step, SshConnector connector, Progress progress) {
        this.migrationId = migrationId;
        this.step = step;
        this.connector = connector;
        this.progress = progress;
    }

    public UUID migrationId() {
        return migrationId;
    }

    /** The old and the new host of an account, both connected. */
    public record Hosts(RemoteHost old, RemoteHost neu) {
    }

    /**
     * Connects to the account's old and new host at once: each login is a key exchange and a few round trips,
     * which a re-sync of a few changed files would otherwise wait for twice. The old host's failure is the one
     * reported when both fail, as when they were connected one after the other.
     */
    public Hosts connect(AccountSpec account) {
        CompletableFuture<RemoteHost> neu = CompletableFuture.supplyAsync(() -> connect(account.newHost()), CONNECTS);
        RemoteHost old;
        try {
            old = connect(account.oldHost());
        } catch (RuntimeException e) {
            // Whatever the other login gives is closed with this context; only its end is awaited.
            neu.handle((host, error) -> host).join();
            throw e;
        }
        try {
            return new Hosts(old, neu.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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

    /** The planner's step this runs (null for a mail catch-up pass). */
    public MigrationStep step() {
        return step;
    }

    /** Where the step's copies report how far they got. */
    public Progress progress() {
        return progress;
    }

    public void checkNotCancelled() {
        if (cancelled) {
            throw new StepCancelledException("the migration was paused or cancelled");
        }
    }

    void cancel() {
        cancelled = true;
        long start = System.nanoTime();
        // Side by side: each host waits up to a few seconds for its kill to be confirmed.
        CompletableFuture.allOf(hosts.stream().map(host -> CompletableFuture.runAsync(host::cancel, CONNECTS))
                .toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        LOG.infof("stopping %s of migration %s: its commands on %d host connection(s) stopped in %d ms",
                step == null ? "a mail catch-up pass" : step, migrationId, hosts.size(),
                (System.nanoTime() - start) / 1_000_000);
        synchronized (this) {
            // A write waiting inside sshj for the remote window to open wakes only when interrupted.
            if (working) {
                worker.interrupt();
            }
        }
    }

    /** Called by the step's thread when it is done with this context: no interrupt reaches it later, none is left. */
    synchronized void finished() {
        working = false;
        Thread.interrupted();
    }

    @Override
    public void close() {
        hosts.forEach(RemoteHost::close);
    }
}
