package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One dump command on the source host piped, through this JVM, into one load command on the target host: no
 * file on either side. Cancellation of either host wins over every other outcome.
 */
final class Pipe {

    private Pipe() {
    }

    /** The target refused what it was fed: the data or the schema is the problem, not the method. */
    static final class LoadFailedException extends RemoteException {
        private final int exitStatus;

        LoadFailedException(String message, int exitStatus) {
            super(message);
            this.exitStatus = exitStatus;
        }

        /** How the target's command ended. */
        int exitStatus() {
            return exitStatus;
        }
    }

    /**
     * Streams {@code dump} (on {@code from}) into {@code load} (on {@code to}), {@code prefix} first.
     *
     * @param bytes told of every chunk that goes through
     * @return the bytes that went through
     */
    static long run(String what, RemoteHost from, String dump, RemoteHost to, String load, byte[] prefix,
                    LongConsumer bytes) {
        return run(what, from, dump, null, to, load, prefix, bytes);
    }

    /**
     * @param dumpInput fed to {@code dump} (e.g. the statements that export a table), or null
     */
    static long run(String what, RemoteHost from, String dump, byte[] dumpInput, RemoteHost to, String load,
                    byte[] prefix, LongConsumer bytes) {
        RemoteHost.Sink sink = to.open(load);
        Counting counting = new Counting(sink.input(), bytes);
        ExecResult dumped = null;
        RuntimeException streamFailure = null;
        try {
            if (prefix != null && prefix.length > 0) {
                sink.input().write(prefix);
            }
            dumped = from.stream(dump, dumpInput, counting);
            // sshj's ChannelOutputStream.close() (which finish() calls) flushes without waiting for window
            // space and drops what does not fit (up to one packet) when the target is slower than the source:
            // a blocking flush first makes sure every byte is on its way.
            sink.input().flush();
        } catch (StepCancelledException e) {
            closeQuietly(sink, e);
            throw e;
        } catch (IOException e) {
            streamFailure = new RemoteException("lost the connection to " + to.name() + " while " + what + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            streamFailure = e;
        }

        ExecResult loaded;
        try {
            loaded = sink.finish();
        } catch (StepCancelledException e) {
            if (streamFailure != null) {
                e.addSuppressed(streamFailure);
            }
            throw e;
        } catch (RuntimeException e) {
            if (streamFailure != null) {
                streamFailure.addSuppressed(e);
                throw streamFailure;
            }
            throw e;
        }

        if (dumped != null && !dumped.ok()) {
            // The source stopped early; whatever the target said about the truncated input follows from it.
            RemoteException failure = new RemoteException(what + ": the dump on " + from.name() + " failed (exit "
                    + dumped.exitStatus() + "): " + Secrets.brief(dumped.stderr(), Set.of()));
            if (!loaded.ok()) {
                failure.addSuppressed(new RemoteException("and the load on " + to.name() + " said: "
                        + Secrets.brief(loaded.stderr(), Set.of())));
            }
            throw failure;
        }
        if (!loaded.ok()) {
            LoadFailedException failure = new LoadFailedException(what + ": " + to.name() + " refused the data (exit "
                    + loaded.exitStatus() + "): " + Secrets.brief(
                    loaded.stderr().isBlank() ? loaded.stdout() : loaded.stderr(), Set.of()), loaded.exitStatus());
            if (streamFailure != null) {
                failure.addSuppressed(streamFailure);
            }
            throw failure;
        }
        if (streamFailure != null) {
            throw streamFailure;
        }
        return counting.count;
    }

    private static void closeQuietly(RemoteHost.Sink sink, RuntimeException cause) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Counts what goes through, without the byte-by-byte writes of FilterOutputStream. */
    private static final class Counting extends FilterOutputStream {
        private final LongConsumer listener;
        private long count;

        Counting(OutputStream out, LongConsumer listener) {
            super(out);
            this.listener = listener;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
            listener.accept(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            listener.accept(len);
        }

        @Override
        public void close() {
            // The sink is closed by finish(), not by the copy loop.
        }
    }
}
