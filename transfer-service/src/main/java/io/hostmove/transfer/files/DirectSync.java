package io.hostmove.transfer.files;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.Progress;
import io.hostmove.transfer.files.Manifest.Entry;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files move host to host: the new host pulls the account's home from the old one with rsync over SSH, using
 * a key pair made for this migration on the new host. On the old host that key may only run a read-only rsync
 * of this account's home; it is removed when the migration ends.
 */
public final class DirectSync implements HomeCopy {

    private static final Pattern FILES = Pattern.compile("Number of regular files transferred: ([\\d,]+)");
    private static final Pattern DELETED = Pattern.compile("Number of deleted files: ([\\d,]+)");
    private static final Pattern RECEIVED = Pattern.compile("Total bytes received: ([\\d,]+)");
    /** {@code --info=progress2}: bytes so far, percent of all, then (after the first file) the files sent. */
    private static final Pattern PROGRESS = Pattern.compile("^\\s*([\\d,]+)\\s+(\\d+)%(?:.*xfr#(\\d+))?.*$");
    /** rsync: some files vanished while copying a live site; the next run (or the final one) takes them. */
    private static final int VANISHED = 24;
    /** Longest the new host waits for the old one to answer before it counts as unreachable. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** rsync, when its ssh to the old host could not connect or log in. */
    private static final int SSH_FAILED = 255;
    /** rsync's "error in the protocol data stream": also what it says, at times, when its ssh died at the start. */
    private static final int STREAM_ERROR = 12;
    /** What the OpenSSH client prints when it cannot connect, verify the host or log in. */
    private static final List<String> SSH_REFUSALS = List.of("Permission denied (publickey", "Host key verification failed",
            "Connection refused", "Connection timed out", "No route to host", "Could not resolve hostname",
            "Connection closed by", "kex_exchange_identification");

    /** The new host's ssh to the old one failed (unreachable, key refused, host key unknown): nothing moved. */
    public static final class SshFailedException extends RemoteException {
        SshFailedException(String message) {
            super(message);
        }
    }

    private final AccountSpec account;
    private final RemoteHost old;
    private final RemoteHost neu;
    private final String authorizedKeys;
    private final String dir;
    private final String marker;
    private final long bandwidth;

    /**
     * @param authorizedKeys the old host's authorized_keys file for the login user, where the pull key goes
     * @param bandwidth      most bytes per second a mirror moves; 0 for no limit
     */
    public DirectSync(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu, String authorizedKeys,
                      long bandwidth) {
        this.account = account;
        this.old = old;
        this.neu = neu;
        this.authorizedKeys = authorizedKeys;
        this.dir = ".hostmove/migrations/" + migrationId;
        this.marker = "hostmove-migration-" + migrationId;
        this.bandwidth = bandwidth;
    }

    /** Makes the key (once), trusts the old host's verified key, and lets the key pull this home. */
    public void prepare() {
        // One command on the new host: a re-sync of a few files should not wait for three.
        String knownHost = old.knownHostsEntry(account.oldHost().sshHost(), account.oldHost().sshPort()) + "\n";
        ExecResult prepared = neu.exec(Shell.script("""
                mkdir -p -m 700 "$1" && cd "$1" && \
                { [ -f id_ed25519 ] || ssh-keygen -q -t ed25519 -N '' -C "$2" -f id_ed25519; } && \
                cat > known_hosts && cat id_ed25519.pub""", dir, marker), knownHost.getBytes(StandardCharsets.UTF_8));
        if (!prepared.ok()) {
            throw new RemoteException("preparing the migration key failed on " + neu.name() + " (exit "
                    + prepared.exitStatus() + "): " + prepared.stderr().strip());
        }
        String publicKey = prepared.stdout().strip();
        String forced = "rrsync -ro " + Shell.quote(account.homePath());
        String line = "restrict,command=\"" + forced.replace("\\", "\\\\").replace("\"", "\\\"") + "\" "
                + publicKey.split(" ")[0] + " " + publicKey.split(" ")[1] + " " + marker;
        old.run("authorising the migration key", Shell.script("""
                f="$1"; mkdir -p "$(dirname "$f")" && touch "$f" && chmod 600 "$f" && \
                { grep -qF "$3" "$f" || printf '%s\\n' "$2" >> "$f"; }""", authorizedKeys, line, marker));
    }

    /** Whether the new host's ssh reaches the old one with the migration key; null if so, else why not. */
    public String unreachable() {
        List<String> arguments = new ArrayList<>(List.of("rsync", "--list-only", "--dirs", "--timeout=30", "-e", ssh()));
        arguments.add(source());
        ExecResult result = neu.exec(Shell.command(arguments));
        if (result.ok()) {
            return null;
        }
        String why = result.stderr().strip().lines().filter(line -> !line.startsWith("rsync error"))
                .findFirst().orElse("rsync exit " + result.exitStatus());
        return neu.name() + " cannot reach " + old.name() + " over ssh (" + why + ")";
    }

    @Override
    public Route route() {
        return Route.DIRECT;
    }

    /** Progress as rsync reports it ({@code --info=progress2}): the bytes sent of all it will look at. */
    @Override
    public Moved mirror(Progress progress) {
        List<String> arguments = rsync("-aH", "--stats", "--info=progress2", "--no-inc-recursive", "--delete");
        if (bandwidth > 0) {
            // rsync counts in KiB per second.
            arguments.add("--bwlimit=" + Math.max(1, bandwidth / 1024));
        }
        arguments.add(source());
        arguments.add(account.newHomePath() + "/");
        progress.start(0);
        // The new home is made in the same command: one remote command fewer per pass.
        List<String> values = new ArrayList<>(List.of(account.newHomePath()));
        values.addAll(arguments);
        ExecResult result = neu.watch(Shell.script("mkdir -p -- \"$1\" && shift && exec \"$@\"",
                values.toArray(String[]::new)), line -> {
            Matcher m = PROGRESS.matcher(line);
            if (m.matches()) {
                long bytes = number(m.group(1));
                long percent = Long.parseLong(m.group(2));
                progress.at(bytes, percent == 0 ? 0 : bytes * 100 / percent, m.group(3) == null ? 0
                        : Long.parseLong(m.group(3)));
            }
        });
        progress.end();
        if (!result.ok() && result.exitStatus() != VANISHED) {
            throw failure("copying files from " + old.name() + " to " + neu.name() + " failed", result);
        }
        return new Moved(number(FILES, result.stdout()), number(RECEIVED, result.stdout()),
                number(DELETED, result.stdout()));
    }

    @Override
    public Moved add(Collection<String> paths, Map<String, Entry> known) {
        if (paths.isEmpty()) {
            return Moved.NOTHING;
        }
        List<String> arguments = rsync("-aH", "--stats", "--ignore-existing", "--from0", "--files-from=-");
        arguments.add(source());
        arguments.add(account.newHomePath() + "/");
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String path : paths) {
            list.writeBytes(Manifest.bytes(path));
            list.write(0);
        }
        ExecResult result = neu.exec(Shell.command(arguments), list.toByteArray());
        if (!result.ok() && result.exitStatus() != VANISHED) {
            throw failure("copying files from " + old.name() + " to " + neu.name() + " failed", result);
        }
        return new Moved(number(FILES, result.stdout()), number(RECEIVED, result.stdout()), 0);
    }

    /** rsync's checksum dry-run, itemised. */
    @Override
    public List<String> differences(Predicate<String> arrivedOnOld) {
        List<String> arguments = rsync("-anc", "--itemize-changes", "--delete");
        arguments.add(source());
        arguments.add(account.newHomePath() + "/");
        ExecResult result = neu.exec(Shell.command(arguments));
        if (!result.ok()) {
            throw failure("comparing the copy with " + old.name() + " failed", result);
        }
        return result.stdout().lines().filter(line -> !line.isBlank())
                .filter(line -> !(line.startsWith(">f+++++++++ ")
                        && arrivedOnOld.test(Manifest.path(line.substring(12).getBytes(StandardCharsets.UTF_8)))))
                .limit(20).toList();
    }

    /** Removes the key's access on the old host and the key itself on the new one. */
    public void revoke() {
        old.run("removing the migration key", Shell.script("""
                f="$1"; [ -f "$f" ] || exit 0; t="$f.hostmove.$$" && \
                { grep -vF "$2" "$f" > "$t" || true; } && chmod 600 "$t" && mv "$t" "$f\"""", authorizedKeys, marker));
        neu.run("deleting the migration key", Shell.command("rm", "-rf", "--", dir));
    }

    private static RemoteException failure(String what, ExecResult result) {
        String message = what + " (rsync exit " + result.exitStatus() + "): " + result.stderr().strip().lines()
                .limit(5).reduce((a, b) -> a + " / " + b).orElse("");
        return sshFailed(result.exitStatus(), result.stderr()) ? new SshFailedException(message)
                : new RemoteException(message);
    }

    /** Whether rsync failed because its ssh to the old host did (then nothing moved), not in the copy itself. */
    static boolean sshFailed(int rsyncExit, String stderr) {
        return rsyncExit == SSH_FAILED
                || rsyncExit == STREAM_ERROR && SSH_REFUSALS.stream().anyMatch(stderr::contains);
    }

    private List<String> rsync(String... options) {
        List<String> arguments = new ArrayList<>(List.of("rsync"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("--numeric-ids", "-e", ssh()));
        return arguments;
    }

    private String ssh() {
        return "ssh -i " + dir + "/id_ed25519 -p " + account.oldHost().sshPort()
                + " -o UserKnownHostsFile=" + dir + "/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes"
                + " -o ConnectTimeout=" + CONNECT_TIMEOUT_SECONDS + " -o Ciphers=aes128-gcm@openssh.com";
    }

    private String source() {
        return account.oldHost().sshUser() + "@" + account.oldHost().sshHost() + ":./";
    }

    private static long number(Pattern pattern, String stats) {
        Matcher m = pattern.matcher(stats);
        return m.find() ? number(m.group(1)) : 0;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
