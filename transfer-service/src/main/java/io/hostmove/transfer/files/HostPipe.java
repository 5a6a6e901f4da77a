package io.hostmove.transfer.files;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
     * @param stdin fed to the source command (e.g. the list of what to send), or null
     * @param bytes told of every chunk that goes through
     */
    static Result run(String what, RemoteHost from, String source, byte[] stdin, RemoteHost to, String target,
                      LongConsumer bytes) {
        RemoteHost.Sink sink = to.open(target);
        Counting counting = new Counting(sink.input(), bytes);
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

    /** Counts what goes through, in whole chunks. */
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
