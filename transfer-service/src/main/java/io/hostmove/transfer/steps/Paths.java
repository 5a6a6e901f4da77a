package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;

import java.nio.file.Path;

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
