package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files move host to host: the new host pulls the account's home from the old one with rsync over SSH, using
 * a key pair made for this migration on the new host. On the old host that key may only run a read-only rsync
 * of this account's home; it is removed when the migration ends.
 */
final class DirectSync {

    /** What an rsync run moved. */
    record Stats(long files, long bytes) {
    }

    private static final Pattern FILES = Pattern.compile("Number of regular files transferred: ([\\d,]+)");
    private static final Pattern RECEIVED = Pattern.compile("Total bytes received: ([\\d,]+)");
    /** rsync: some files vanished while copying a live site; the next run (or the final one) takes them. */
    private static final int VANISHED = 24;

    private final AccountSpec account;
    private final RemoteHost old;
    private final RemoteHost neu;
    private final TransferConfig config;
    private final String dir;
    private final String marker;

    DirectSync(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu, TransferConfig config) {
        this.account = account;
        this.old = old;
        this.neu = neu;
        this.config = config;
        this.dir = ".hostmove/migrations/" + migrationId;
        this.marker = "hostmove-migration-" + migrationId;
    }

    /** Makes the key (once), trusts the old host's verified key, and lets the key pull this home. */
    void prepare() {
        neu.run("preparing the migration key", Shell.script("""
                mkdir -p -m 700 "$1" && cd "$1" && \
                { [ -f id_ed25519 ] || ssh-keygen -q -t ed25519 -N '' -C "$2" -f id_ed25519; }""", dir, marker));
        String publicKey = neu.run("reading the migration key", Shell.command("cat", dir + "/id_ed25519.pub")).strip();
        String knownHost = old.knownHostsEntry(account.oldHost().sshHost(), account.oldHost().sshPort()) + "\n";
        ExecResult trusted = neu.exec(Shell.command("tee", dir + "/known_hosts"),
                knownHost.getBytes(StandardCharsets.UTF_8));
        if (!trusted.ok()) {
            throw new RemoteException("cannot write known_hosts on " + neu.name() + ": " + trusted.stderr().strip());
        }
        String forced = "rrsync -ro " + Shell.quote(account.homePath());
        String line = "restrict,command=\"" + forced.replace("\\", "\\\\").replace("\"", "\\\"") + "\" "
                + publicKey.split(" ")[0] + " " + publicKey.split(" ")[1] + " " + marker;
        old.run("authorising the migration key", Shell.script("""
                f="$1"; mkdir -p "$(dirname "$f")" && touch "$f" && chmod 600 "$f" && \
                { grep -qF "$3" "$f" || printf '%s\\n' "$2" >> "$f"; }""", authorizedKeys(), line, marker));
    }

    /**
     * Mirrors the old home into the new one (deleting there what is gone here); without {@code mirror},
     * only adds and updates, never deletes — for mail arriving after the switch.
     */
    Stats pull(boolean mirror) {
        neu.run("creating the new home", Shell.command("mkdir", "-p", account.newHomePath()));
        ExecResult result = neu.exec(Shell.command(rsync(mirror, "-aH", "--stats")));
        if (!result.ok() && result.exitStatus() != VANISHED) {
            throw new RemoteException("copying files from " + old.name() + " to " + neu.name() + " failed (rsync exit "
                    + result.exitStatus() + "): " + result.stderr().strip().lines().limit(5)
                    .reduce((a, b) -> a + " / " + b).orElse(""));
        }
        return new Stats(number(FILES, result.stdout()), number(RECEIVED, result.stdout()));
    }

    /** What a checksum comparison still finds different between the old and the new home; empty when equal. */
    List<String> differences() {
        ExecResult result = neu.exec(Shell.command(rsync(true, "-anc", "--itemize-changes")));
        if (!result.ok()) {
            throw new RemoteException("comparing the copy with " + old.name() + " failed (rsync exit "
                    + result.exitStatus() + "): " + result.stderr().strip());
        }
        return result.stdout().lines().filter(line -> !line.isBlank()).limit(20).toList();
    }

    /** Removes the key's access on the old host and the key itself on the new one. */
    void revoke() {
        old.run("removing the migration key", Shell.script("""
                f="$1"; [ -f "$f" ] || exit 0; t="$f.hostmove.$$" && \
                { grep -vF "$2" "$f" > "$t" || true; } && chmod 600 "$t" && mv "$t" "$f\"""", authorizedKeys(), marker));
        neu.run("deleting the migration key", Shell.command("rm", "-rf", "--", dir));
    }

    private List<String> rsync(boolean mirror, String... options) {
        String ssh = "ssh -i " + dir + "/id_ed25519 -p " + account.oldHost().sshPort()
                + " -o UserKnownHostsFile=" + dir + "/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes"
                + " -o Ciphers=aes128-gcm@openssh.com";
        List<String> arguments = new ArrayList<>(List.of("rsync"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("--numeric-ids", "-e", ssh));
        if (mirror) {
            arguments.add("--delete");
        }
        arguments.add(account.oldHost().sshUser() + "@" + account.oldHost().sshHost() + ":./");
        arguments.add(account.newHomePath() + "/");
        return arguments;
    }

    private String authorizedKeys() {
        TransferConfig.HostSettings settings = config.hosts().get(account.oldHost().name());
        return settings == null ? ".ssh/authorized_keys" : settings.authorizedKeysFile();
    }

    private static long number(Pattern pattern, String stats) {
        Matcher m = pattern.matcher(stats);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }
}
