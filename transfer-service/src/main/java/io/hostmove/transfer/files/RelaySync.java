package io.hostmove.transfer.files;

import io.hostmove.transfer.Progress;
import io.hostmove.transfer.files.Manifest.Entry;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.StepCancelledException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Files from one host to another through this JVM (when the hosts cannot reach each other, and for a rollback's
 * sync-back): {@code tar} on the source host writes the entries to send to its SSH channel, this JVM passes the
 * stream on to {@code tar} on the target host's channel. What to send comes from comparing both trees ({@link Manifest}, {@link Delta}), so a repeated run
 * sends only what changed since the last one and deletes on the target what is gone from the source. Names
 * travel NUL-terminated and verbatim, so any byte sequence arrives as it left.
 */
public final class RelaySync implements HomeCopy {

    /** pax keeps nanosecond times, long and non-UTF-8 names; access and change times are not worth sending. */
    private static final String CREATE = "cd -- \"$1\" && exec tar -c -f - --format=posix "
            + "--pax-option=delete=atime,delete=ctime --numeric-owner --no-recursion --ignore-failed-read "
            + "--null --verbatim-files-from -T -";
    private static final String EXTRACT = "mkdir -p -- \"$1\" && cd -- \"$1\" && exec tar -x -f - --numeric-owner "
            + "--same-owner --same-permissions --delay-directory-restore";
    /** GNU tar: some file changed while it was read; the next pass (or the final one) takes it again. */
    private static final int CHANGED_WHILE_READ = 1;
    /** A tar header and a pax header (with its data block) per entry, roughly, for progress estimates. */
    private static final long HEADER_BYTES = 1536;

    private static final ExecutorService SIDES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "relay-side");
        thread.setDaemon(true);
        return thread;
    });

    private final RemoteHost from;
    private final String fromRoot;
    private final RemoteHost to;
    private final String toRoot;
    private final long bandwidth;

    /** @param bandwidth most bytes per second a send moves; 0 for no limit */
    public RelaySync(RemoteHost from, String fromRoot, RemoteHost to, String toRoot, long bandwidth) {
        this.from = from;
        this.fromRoot = fromRoot;
        this.to = to;
        this.toRoot = toRoot;
        this.bandwidth = bandwidth;
    }

    @Override
    public Route route() {
        return Route.RELAY;
    }

    /** Deletes what is gone, then sends what differs; progress counts the tar stream's bytes. */
    @Override
    public Moved mirror(Progress progress) {
        Both<Manifest> trees = both(() -> Manifest.of(from, fromRoot), () -> Manifest.of(to, toRoot));
        Delta delta = Delta.between(trees.source().entries(), trees.target().entries());
        long deleted = delete(delta.delete());
        Moved sent = send(delta.send(), trees.source().entries(), false, progress);
        return new Moved(sent.files(), sent.bytes(), deleted);
    }

    @Override
    public Moved add(Collection<String> paths, Map<String, Entry> known) {
        return send(List.copyOf(paths), known, true, Progress.NONE);
    }

    /**
     * Sends the listed entries (paths below the source root, each directory without its contents).
     *
     * @param known        the source's manifest, for sizes (progress) and file counts
     * @param keepExisting leave entries that already exist on the target as they are (for mail)
     */
    public Moved send(List<String> paths, Map<String, Entry> known, boolean keepExisting, Progress progress) {
        if (paths.isEmpty()) {
            return Moved.NOTHING;
        }
        long[] ends = new long[paths.size()];
        long position = 0;
        long files = 0;
        for (int i = 0; i < paths.size(); i++) {
            Entry entry = known.get(paths.get(i));
            long size = entry == null || entry.type() != 'f' ? 0 : entry.size();
            files += entry != null && entry.type() == 'f' ? 1 : 0;
            position += HEADER_BYTES + (size + 511) / 512 * 512;
            ends[i] = position;
        }
        long expected = position;
        progress.start(expected);
        long[] through = new long[1];
        HostPipe.Result result = HostPipe.run("relaying files from " + from.name(), from,
                Shell.script(CREATE, fromRoot), list(paths), to,
                Shell.script(keepExisting ? EXTRACT + " --skip-old-files" : EXTRACT, toRoot), bandwidth,
                bytes -> {
                    through[0] += bytes;
                    int done = Arrays.binarySearch(ends, through[0]);
                    progress.at(through[0], expected, done >= 0 ? done + 1 : -done - 1);
                });
        progress.end();
        ExecResult sent = result.source();
        if (sent != null && !sent.ok() && sent.exitStatus() != CHANGED_WHILE_READ) {
            throw new RemoteException("packing files on " + from.name() + " failed (tar exit " + sent.exitStatus()
                    + "): " + brief(sent.stderr()));
        }
        if (!result.target().ok()) {
            throw new RemoteException("unpacking files on " + to.name() + " failed (tar exit "
                    + result.target().exitStatus() + "): " + brief(result.target().stderr()));
        }
        return new Moved(files, result.bytes(), 0);
    }

    /** Deletes the listed entries (paths below the target root), directories with what they hold. */
    public long delete(Collection<String> paths) {
        if (paths.isEmpty()) {
            return 0;
        }
        ExecResult deleted = to.exec(Shell.script("cd -- \"$1\" && exec xargs -0 -r rm -rf --", toRoot), list(paths));
        if (!deleted.ok()) {
            throw new RemoteException("deleting what is gone from " + from.name() + " on " + to.name()
                    + " failed: " + brief(deleted.stderr()));
        }
        return paths.size();
    }

    /** By metadata and by a SHA-256 of every file on both hosts, both hosts at once. */
    @Override
    public List<String> differences(Predicate<String> arrivedOnSource) {
        Both<Manifest> trees = both(() -> Manifest.of(from, fromRoot), () -> Manifest.of(to, toRoot));
        Both<Map<String, String>> sums = both(() -> sums(from, fromRoot), () -> sums(to, toRoot));
        TreeSet<String> paths = new TreeSet<>(trees.source().entries().keySet());
        paths.addAll(trees.target().entries().keySet());
        List<String> differences = new ArrayList<>();
        for (String path : paths) {
            Entry here = trees.source().entries().get(path);
            Entry there = trees.target().entries().get(path);
            String difference = null;
            if (there == null) {
                difference = arrivedOnSource.test(path) ? null : "only on " + from.name();
            } else if (here == null) {
                difference = "only on " + to.name();
            } else if (!here.sameAs(there)) {
                difference = "type, size, time, mode or owner differ";
            } else if (here.type() == 'f' && !Objects.equals(sums.source().get(path), sums.target().get(path))) {
                difference = "content differs";
            }
            if (difference != null) {
                differences.add(Manifest.readable(path) + ": " + difference);
                if (differences.size() == 20) {
                    break;
                }
            }
        }
        return differences;
    }

    /** Path → SHA-256 of every regular file below {@code root}. */
    private static Map<String, String> sums(RemoteHost host, String root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult result = host.stream(Shell.script(
                "cd -- \"$1\" && find . -type f -print0 | xargs -0 -r sha256sum -z --", root), out);
        if (!result.ok()) {
            throw new RemoteException("checksumming " + root + " on " + host.name() + " failed: "
                    + brief(result.stderr()));
        }
        Map<String, String> sums = new HashMap<>();
        for (String line : Manifest.path(out.toByteArray()).split("\0")) {
            if (line.length() > 68 && line.startsWith("./", 66)) {
                sums.put(line.substring(68), line.substring(0, 64));
            }
        }
        return sums;
    }

    /** Paths as NUL-terminated {@code ./path} entries (never read as an option, whatever the name). */
    private static byte[] list(Collection<String> paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String path : paths) {
            out.writeBytes(Manifest.bytes("./" + path));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The same fact from both hosts. */
    private record Both<T>(T source, T target) {
    }

    /** Runs both at once (one per host), cancellation first among failures. */
    private static <T> Both<T> both(Supplier<T> source, Supplier<T> target) {
        CompletableFuture<T> there = CompletableFuture.supplyAsync(target, SIDES);
        T here;
        try {
            here = source.get();
        } catch (RuntimeException e) {
            try {
                there.join();
            } catch (CompletionException other) {
                if (other.getCause() instanceof StepCancelledException cancelled) {
                    cancelled.addSuppressed(e);
                    throw cancelled;
                }
            }
            throw e;
        }
        try {
            return new Both<>(here, there.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static String brief(String stderr) {
        return stderr.strip().lines().limit(5).reduce((a, b) -> a + " / " + b).orElse("");
    }
}
