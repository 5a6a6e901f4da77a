package io.hostmove.transfer.ssh;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** An open SSH connection to one host: runs quoted command lines, streams, SFTP; can kill what it started. */
public final class RemoteHost implements AutoCloseable {

    /** Output kept from a command for its result; bulk data goes through {@link #stream}, not through here. */
    private static final int MAX_CAPTURE = 16 * 1024 * 1024;

    /** How long a pause waits for a host to confirm it killed the commands before the connection is dropped. */
    private static final long KILL_WAIT_SECONDS = 5;

    /** Drains block until a command ends; a parallel copy has more of them than the common pool has threads. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ssh-drain");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final SSHClient ssh;
    private final Map<Session.Command, String> running = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    private final PublicKey hostKey;
    private final Supplier<RemoteHost> reconnect;
    private final List<RemoteHost> siblings = new CopyOnWriteArrayList<>();
    private volatile RemoteHost parent;

    /** @param reconnect opens another connection to the same host, as this one was opened */
    RemoteHost(String name, SSHClient ssh, PublicKey hostKey, Supplier<RemoteHost> reconnect) {
        this.name = name;
        this.ssh = ssh;
        this.hostKey = hostKey;
        this.reconnect = reconnect;
    }

    /**
     * Another connection to this host, cancelled and closed with this one. Commands that run side by side each
     * want their own connection: sshj can send a window adjustment for a channel after the server has given that
     * channel's number to a newer one on the same connection, which then receives more than its window allows and
     * drops the connection ("Window consumed to below 0"). One channel at a time per connection cannot meet that.
     */
    public RemoteHost sibling() {
        checkNotCancelled();
        RemoteHost sibling = reconnect.get();
        sibling.parent = this;
        siblings.add(sibling);
        if (cancelled) {
            sibling.cancel();
            checkNotCancelled();
        }
        return sibling;
    }

    /** A known_hosts line for this host's verified key, so another host can trust it as we do. */
    public String knownHostsEntry(String address, int port) {
        String blob = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(hostKey).getCompactData());
        String host = port == 22 ? address : "[" + address + "]:" + port;
        return host + " " + KeyType.fromKey(hostKey) + " " + blob;
    }

    public String name() {
        return name;
    }

    /** Runs {@code commandLine} (built with {@link Shell}) and returns how it ended. */
    public ExecResult exec(String commandLine) {
        return exec(commandLine, null);
    }

    /** Runs {@code commandLine} with {@code stdin} fed to it. */
    public ExecResult exec(String commandLine, byte[] stdin) {
        try (Session session = session()) {
            Session.Command command = start(session, commandLine);
            try {
                CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(command.getErrorStream()), DRAINS);
                if (stdin != null) {
                    try (OutputStream in = command.getOutputStream()) {
                        in.write(stdin);
                        // sshj may drop the last packet if the channel closes while the remote window is full.
                        in.flush();
                    }
                }
                byte[] stdout = drain(command.getInputStream());
                command.join();
                checkNotCancelled();
                Integer status = command.getExitStatus();
                return new ExecResult(status == null ? -1 : status, utf8(stdout), utf8(stderr.join()));
            } finally {
                running.remove(command);
            }
        } catch (IOException e) {
            checkNotCancelled();
            throw new RemoteException("lost the connection to " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code commandLine} and returns its output; a non-zero exit is an error naming {@code what}. */
    public String run(String what, String commandLine) {
        ExecResult result = exec(commandLine);
        if (!result.ok()) {
            throw new RemoteException(what + " failed on " + name + " (exit " + result.exitStatus() + "): "
                    + firstLines(result.stderr().isBlank() ? result.stdout() : result.stderr()));
        }
        return result.stdout();
    }

    /** Runs {@code commandLine} with its stdout copied to {@code sink}, e.g. another host's stdin. */
    public ExecResult stream(String commandLine, OutputStream sink) {
        return stream(commandLine, null, sink);
    }

    /**
     * Runs {@code commandLine} with {@code stdin} fed to it (from another thread, so a command that writes while
     * it reads cannot block on a full channel) and its stdout copied to {@code sink}.
     */
    public ExecResult stream(String commandLine, byte[] stdin, OutputStream sink) {
        try (Session session = session()) {
            Session.Command command = start(session, commandLine);
            try {
                CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(command.getErrorStream()), DRAINS);
                CompletableFuture<Void> fed = stdin == null ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.runAsync(() -> feed(command, stdin), DRAINS);
                copy(command.getInputStream(), sink);
                fed.join();
                command.join();
                checkNotCancelled();
                Integer status = command.getExitStatus();
                return new ExecResult(status == null ? -1 : status, "", utf8(stderr.join()));
            } finally {
                running.remove(command);
            }
        } catch (IOException e) {
            checkNotCancelled();
            throw new RemoteException("lost the connection to " + name + " while streaming: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code commandLine} and hands each piece of its output between line ends ({@code \n} or the
     * {@code \r} of a progress display) to {@code lines} as it arrives; the result keeps only the output's tail.
     */
    public ExecResult watch(String commandLine, Consumer<String> lines) {
        try (Session session = session()) {
            Session.Command command = start(session, commandLine);
            try {
                CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(command.getErrorStream()), DRAINS);
                String tail = watchLines(command.getInputStream(), lines);
                command.join();
                checkNotCancelled();
                Integer status = command.getExitStatus();
                return new ExecResult(status == null ? -1 : status, tail, utf8(stderr.join()));
            } finally {
                running.remove(command);
            }
        } catch (IOException e) {
            checkNotCancelled();
            throw new RemoteException("lost the connection to " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts {@code commandLine} and hands its stdin to the caller (closing it ends the input). */
    public Sink open(String commandLine) {
        try {
            Session session = session();
            Session.Command command = start(session, commandLine);
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(command.getErrorStream()), DRAINS);
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(command.getInputStream()), DRAINS);
            return new Sink(session, command, stdout, stderr);
        } catch (IOException e) {
            throw new RemoteException("cannot start a command on " + name + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a (small) file. */
    public byte[] read(String path) {
        try (SmallFiles files = files()) {
            return files.read(path);
        }
    }

    /** Reads many small files over one SFTP session; {@link #read} opens a session for each. */
    public SmallFiles files() {
        return new SmallFiles(sftp());
    }

    /** Small files of this host, read one after the other over one SFTP session. */
    public final class SmallFiles implements AutoCloseable {
        private final SFTPClient sftp;

        private SmallFiles(SFTPClient sftp) {
            this.sftp = sftp;
        }

        /** The bytes of a (small) file. */
        public byte[] read(String path) {
            try (var file = sftp.open(path); InputStream in = file.new RemoteFileInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RemoteException("cannot read " + path + " on " + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            IOUtils.closeQuietly(sftp);
        }
    }

    public SFTPClient sftp() {
        try {
            return ssh.newSFTPClient();
        } catch (IOException e) {
            throw new RemoteException("cannot open SFTP on " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kills every command this connection runs, with every process it started (a pause or cancel), then drops the
     * connection; further calls fail as cancelled.
     */
    public void cancel() {
        cancelled = true;
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        List<String> tokens = List.copyOf(running.values());
        if (!tokens.isEmpty()) {
            stopping.add(CompletableFuture.runAsync(() -> kill(tokens), DRAINS));
        }
        siblings.forEach(sibling -> stopping.add(CompletableFuture.runAsync(sibling::cancel, DRAINS)));
        // A host that does not confirm the kill in time still loses its commands' channels with the connection.
        finishedInTime(CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)));
        // Dropping the connection wakes every thread still reading, writing or waiting on one of its channels at
        // once. Closing the killed commands' channels one by one instead races the server's own close: a request
        // for a channel it already freed makes it drop the connection anyway, after sshj waited 30 s for an answer.
        if (!finishedInTime(CompletableFuture.runAsync(this::close, DRAINS))) {
            // sshj's orderly disconnect can wait 30 s on a busy transport (a CI run saw a pause take 30.3 s); a
            // closed socket fails every read and write on it at once, and the disconnect with them.
            IOUtils.closeQuietly(ssh.getSocket());
        }
    }

    /** Waits up to {@link #KILL_WAIT_SECONDS} for {@code work}; false while it is still running. */
    private static boolean finishedInTime(Future<?> work) {
        try {
            work.get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // The kill and the close end the same way whether they failed or not: the connection goes.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Kills the tagged commands' process sessions over a connection of its own: a channel opened beside the running
     * ones on this connection meets the channel-number race {@link #sibling} describes and can wait 30 s for sshj.
     */
    private void kill(List<String> tokens) {
        try (RemoteHost killer = reconnect.get(); Session session = killer.ssh.startSession()) {
            // The tagged wrapper leads the session sshd made for the command: killing the session kills them all.
            // This script names the tokens too: once a command has ended, the oldest match is the script's own session.
            Session.Command kill = session.exec(Shell.script("self=$(ps -o sid= -p $$ | tr -d ' '); for token; do "
                    + "sid=$(pgrep -o -f -- \"$token\") && [ -n \"$sid\" ] && [ \"$sid\" != \"$self\" ] "
                    + "&& pkill -KILL -s \"$sid\"; done; true", tokens.toArray(String[]::new)));
            kill.join(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            // Without the connection the remote side loses its channels: at worst the commands die of a broken pipe.
        }
    }

    /** A new session; on a connection that broke, sshj's "Not connected" becomes a lost connection like any other. */
    private Session session() throws IOException {
        try {
            return ssh.startSession();
        } catch (IllegalStateException e) {
            checkNotCancelled();
            throw new RemoteException("lost the connection to " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts {@code commandLine} under a shell tagged with a token of its own, so {@link #cancel} can find it. */
    private Session.Command start(Session session, String commandLine) throws IOException {
        String token = "hostmove-cmd-" + UUID.randomUUID();
        // The newline keeps the command from being the shell's last: the tagged shell stays its parent.
        Session.Command command = session.exec(Shell.command("sh", "-c", commandLine + "\nexit $?", token));
        running.put(command, token);
        return command;
    }

    @Override
    public void close() {
        siblings.forEach(RemoteHost::close);
        if (parent != null) {
            parent.siblings.remove(this);
        }
        try {
            ssh.close();
        } catch (IOException ignored) {
            // Closing a connection that already broke.
        }
    }

    private void checkNotCancelled() {
        if (cancelled) {
            throw new StepCancelledException("stopped on " + name + ": the migration was paused or cancelled");
        }
    }

    /** A remote command fed by the caller. */
    public final class Sink implements AutoCloseable {
        private final Session session;
        private final Session.Command command;
        private final CompletableFuture<byte[]> stdout;
        private final CompletableFuture<byte[]> stderr;

        private Sink(Session session, Session.Command command, CompletableFuture<byte[]> stdout,
                     CompletableFuture<byte[]> stderr) {
            this.session = session;
            this.command = command;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public OutputStream input() {
            return command.getOutputStream();
        }

        /** Ends the input and waits for the command. */
        public ExecResult finish() {
            try {
                // sshj may drop the last packet if the channel closes while the remote window is full.
                command.getOutputStream().flush();
                command.getOutputStream().close();
                command.join(1, TimeUnit.HOURS);
                checkNotCancelled();
                Integer status = command.getExitStatus();
                return new ExecResult(status == null ? -1 : status, utf8(stdout.join()), utf8(stderr.join()));
            } catch (IOException e) {
                checkNotCancelled();
                throw new RemoteException("lost the connection to " + name + ": " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            running.remove(command);
            try {
                session.close();
            } catch (IOException ignored) {
                // Already finished or broken.
            }
        }
    }

    /** Larger than sshj's packets, so a relay moves whole packets from one channel to the other. */
    private static final int COPY_BUFFER = 256 * 1024;
    /** What {@link #watch} keeps of the output for the result: enough for a summary at the end. */
    private static final int WATCH_TAIL = 64 * 1024;

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    private void feed(Session.Command command, byte[] stdin) {
        try (OutputStream in = command.getOutputStream()) {
            in.write(stdin);
            // sshj may drop the last packet if the channel closes while the remote window is full.
            in.flush();
        } catch (IOException e) {
            // The command ended or was killed before it read everything; its exit status tells what happened.
        }
    }

    private static String watchLines(InputStream in, Consumer<String> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        StringBuilder tail = new StringBuilder();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    lines.accept(text);
                    tail.append(text).append('\n');
                    if (tail.length() > 2 * WATCH_TAIL) {
                        tail.delete(0, tail.length() - WATCH_TAIL);
                    }
                } else {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            String text = line.toString(StandardCharsets.UTF_8);
            lines.accept(text);
            tail.append(text);
        }
        return tail.length() > WATCH_TAIL ? tail.substring(tail.length() - WATCH_TAIL) : tail.toString();
    }

    private static byte[] drain(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() < MAX_CAPTURE) {
                    out.write(buffer, 0, Math.min(n, MAX_CAPTURE - out.size()));
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            IOUtils.closeQuietly(in);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The start of an error output: enough to act on, short enough for an event. */
    static String firstLines(String output) {
        String trimmed = output.strip();
        String[] lines = trimmed.split("\n", 6);
        String head = String.join(" / ", Arrays.copyOf(lines, Math.min(lines.length, 5)));
        return head.length() > 500 ? head.substring(0, 500) + "…" : head;
    }
}
