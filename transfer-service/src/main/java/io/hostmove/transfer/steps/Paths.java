package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.transfer.files.Maildirs;
import io.hostmove.transfer.files.Manifest;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Paths of an account: everything the service touches stays inside the account's home. */
final class Paths {

    private Paths() {
    }

    static void requireInsideHome(AccountSpec account) {
        for (SiteSpec site : account.sites()) {
            requireInside(account.homePath(), site.documentRoot(), "document root of " + site.domain());
        }
        for (MailboxSpec mailbox : account.mailboxes()) {
            requireInside(account.homePath(), mailbox.maildir(), "maildir of " + mailbox.address());
        }
    }

    /** The same path below the new home. */
    static String onNewHost(AccountSpec account, String oldPath) {
        return account.newHomePath() + oldPath.substring(account.homePath().length());
    }

    /** A path inside the home as a path below it, with a trailing slash, as {@link Manifest} holds paths. */
    static String belowHome(AccountSpec account, String path) {
        return Manifest.path((path.substring(account.homePath().length() + 1) + "/").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a path below the home is a message in one of the account's maildirs: mail arrives at any time. */
    static Predicate<String> isMail(AccountSpec account) {
        List<String> maildirs = account.mailboxes().stream().map(m -> belowHome(account, m.maildir())).toList();
        return path -> maildirs.stream().anyMatch(maildir -> path.startsWith(maildir)
                && Maildirs.isMessage(path.substring(maildir.length())));
    }

    /** Whether a path below the home lies in one of the account's maildirs (the maildir itself included). */
    static Predicate<String> inMaildir(AccountSpec account) {
        List<String> maildirs = account.mailboxes().stream().map(m -> belowHome(account, m.maildir())).toList();
        return path -> maildirs.stream().anyMatch(maildir -> path.startsWith(maildir)
                || (path + "/").equals(maildir));
    }

    /** {@code path} or its nearest existing parent on {@code host}, for df. */
    static String existingAncestor(RemoteHost host, String path) {
        Path candidate = Path.of(path);
        while (candidate.getParent() != null && !Remote.isDirectory(host, candidate.toString())) {
            candidate = candidate.getParent();
        }
        return candidate.toString();
    }

    private static void requireInside(String home, String path, String what) {
        Path normalised = Path.of(path).normalize();
        if (!normalised.startsWith(Path.of(home).normalize()) || !normalised.toString().equals(path)) {
            throw new RemoteException("the " + what + " (" + path + ") is outside the account's home " + home
                    + "; nothing was touched — correct the inventory, then retry");
        }
    }
}
