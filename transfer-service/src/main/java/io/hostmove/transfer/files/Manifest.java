package io.hostmove.transfer.files;

import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every file, directory and symbolic link below a root on a host, with what rsync's quick check compares:
 * type, size, modification time (to the nanosecond), mode, owner, link target; and the change time, to tell what
 * changed after a moment. Paths are relative to the root and held as ISO-8859-1 strings, one char per byte, so a
 * name that is not UTF-8 goes back to the host exactly as it came. Sockets, pipes and devices are left out, as
 * {@code rsync -a} without {@code -D} leaves them out.
 */
public final class Manifest {

    /**
     * One entry.
     *
     * @param type  {@code f}, {@code d} or {@code l}
     * @param mtime seconds since the epoch with the fraction as {@code find} prints it
     * @param ctime the inode's change time, the same way
     */
    public record Entry(char type, long size, String mtime, String ctime, String mode, String owner, String link) {

        /** Whether a copy with {@code other}'s metadata would leave this entry as it is (change time aside). */
        public boolean sameAs(Entry other) {
            if (type != other.type || !mode.equals(other.mode) || !owner.equals(other.owner)) {
                return false;
            }
            return switch (type) {
                case 'f' -> size == other.size && mtime.equals(other.mtime);
                case 'l' -> link.equals(other.link) && mtime.equals(other.mtime);
                default -> mtime.equals(other.mtime);
            };
        }
    }

    /** Three NUL-terminated fields per entry: the facts, the path, the link target (empty unless a link). */
    private static final String FORMAT = "%y %s %T@ %C@ %m %U:%G\\0%P\\0%l\\0";

    private final Map<String, Entry> entries;

    private Manifest(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Path below the root → entry, in the order {@code find} walked (a directory before what it holds). */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The manifest of {@code root} on {@code host}; an empty one when the root does not exist. */
    public static Manifest of(RemoteHost host, String root) {
        Parser parser = new Parser();
        ExecResult result = host.stream(Shell.script("""
                [ -d "$1" ] || exit 0
                cd -- "$1" && exec find . -mindepth 1 \\( -type f -o -type d -o -type l \\) -printf "$2"
                """, root, FORMAT), parser);
        // find exits 1 when a file vanished while it walked a live tree; what it printed is still right.
        if (result.exitStatus() != 0 && (result.exitStatus() != 1 || !result.stderr().contains("No such file"))) {
            throw new RemoteException("listing " + root + " on " + host.name() + " failed (exit "
                    + result.exitStatus() + "): " + result.stderr().strip().lines().limit(3)
                    .reduce((a, b) -> a + " / " + b).orElse(""));
        }
        return parser.manifest();
    }

    /** Path bytes as the one-char-per-byte string this class uses. */
    public static String path(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** A path of this class back to the bytes the host knows it by. */
    public static byte[] bytes(String path) {
        return path.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A path of this class for a person to read: as UTF-8 where it is, with the odd byte replaced. */
    public static String readable(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** Parses find's output as it streams in. */
    private static final class Parser extends OutputStream {
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final ByteArrayOutputStream field = new ByteArrayOutputStream();
        private final String[] fields = new String[3];
        private int index;

        @Override
        public void write(int b) {
            if (b == 0) {
                fields[index++] = path(field.toByteArray());
                field.reset();
                if (index == 3) {
                    add();
                    index = 0;
                }
            } else {
                field.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void add() {
            String[] facts = fields[0].split(" ");
            if (facts.length != 6 || facts[0].length() != 1) {
                throw new RemoteException("a file listing line does not parse: " + readable(fields[0]));
            }
            char type = facts[0].charAt(0);
            entries.put(fields[1], new Entry(type, type == 'd' ? 0 : Long.parseLong(facts[1]), facts[2], facts[3],
                    facts[4], facts[5], type == 'l' ? fields[2] : ""));
        }

        Manifest manifest() {
            if (index != 0 || field.size() != 0) {
                throw new RemoteException("a file listing ended in the middle of an entry");
            }
            return new Manifest(entries);
        }
    }
}
