package io.hostmove.transfer.files;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A command on one host whose output streams, through this JVM and over both SSH connections, into a command
 * on another host: the relay for hosts that cannot reach each other. Nothing touches a disk on the way.
 * Cancellation of either host wins over every other outcome.
 */
final class HostPipe {

    /** How both ends finished, and the bytes that went through. */
    record Result(ExecResult source, ExecResult target, long bytes) {
    }

    private HostPipe() {
    }

    /**
     * @param stdin     fed to the source command (e.g. the list of what to send), or null
     * @param bandwidth most bytes per second that go through; 0 for no limit
     * @param bytes     told of every chunk that goes through
     */
    static Result run(String what, RemoteHost from, String source, byte[] stdin, RemoteHost to, String target,
                      long bandwidth, LongConsumer bytes) {
        RemoteHost.Sink sink = to.open(target);
        Counting counting = new Counting(sink.input(), bandwidth, bytes);
        ExecResult sent = null;
        RuntimeException streamFailure = null;
        try {
            sent = from.stream(source, stdin, counting);
            // A blocking flush first: sshj's close() drops what does not fit the remote window (see database.Pipe).
            sink.input().flush();
        } catch (StepCancelledException e) {
            sink.close();
            throw e;
        } catch (IOException e) {
            streamFailure = new RemoteException("lost the connection to " + to.name() + " while " + what + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            streamFailure = e;
        }
        ExecResult received;
        try {
            received = sink.finish();
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
        if (streamFailure != null) {
            throw streamFailure;
        }
        return new Result(sent, received, counting.count);
    }

    /** Counts what goes through, in whole chunks, and holds each chunk back until the bandwidth allows it. */
    private static final class Counting extends FilterOutputStream {
        private final long bandwidth;
        private final LongConsumer listener;
        private final long startNanos = System.nanoTime();
        private long count;

        Counting(OutputStream out, long bandwidth, LongConsumer listener) {
            super(out);
            this.bandwidth = bandwidth;
            this.listener = listener;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pace(len);
            out.write(b, off, len);
            count += len;
            listener.accept(len);
        }

        /** Waits until {@code len} more bytes keep the average since the start within the bandwidth. */
        private void pace(int len) throws InterruptedIOException {
            if (bandwidth <= 0) {
                return;
            }
            long due = startNanos + (long) ((count + len) * 1e9 / bandwidth);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    // A pause or cancel interrupts the worker; the hosts' own cancellation says so to the caller.
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stopped while pacing the relay");
                }
            }
        }

        @Override
        public void close() {
            // The sink is closed by finish(), not by the copy loop.
        }
    }
}
