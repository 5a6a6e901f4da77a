package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.Progress;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.files.Maildirs;
import io.hostmove.transfer.files.Manifest;
import io.hostmove.transfer.files.Manifest.Entry;
import io.hostmove.transfer.files.Moved;
import io.hostmove.transfer.files.RelaySync;
import io.hostmove.transfer.persistence.CutoverMark;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.SshConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A rollback's sync-back: what the customer changed on the new host since the cut-over goes back to the old
 * one. Files whose inode changed after the cut-over finished (by the new host's clock) are copied, and files
 * that existed on both hosts then but are gone from the new one are deleted on the old one; mail is merged
 * (messages the old host lacks are added, nothing is deleted); every database is copied back whole. The new
 * side is frozen for it (maintenance and read-only databases: it is live until DNS points back, and a write
 * there after the copy would be lost) and stays so; the old side then comes out of maintenance and becomes
 * writable. Everything goes through this service (tar over both SSH channels), so the migration's key never
 * needs more than read access to the old host.
 *
 * <p>Not copied back: the originals the cut-over kept ({@code *.hostmove-orig}) and the config files it
 * rewrote, which hold the new platform's settings (a later change of one is logged, to merge by hand).
 */
@ApplicationScoped
public class SyncBack {

    private static final Logger LOG = Logger.getLogger(SyncBack.class);
    static final String WORK = "SYNC_BACK";

    @Inject
    TransferConfig config;

    @Inject
    Databases databases;

    @Inject
    FileRoutes routes;

    @Inject
    SshConnector connector;

    TransferStats run(AccountSpec account, StepContext context) {
        long started = System.nanoTime();
        UUID migrationId = context.migrationId();
        CutoverMark mark = CutoverMark.of(migrationId).orElseThrow(() -> new RemoteException(
                "there is no record of when the cut-over of this migration finished, so what changed on "
                        + account.newHost().name() + " since cannot be told apart; roll back without sync-back "
                        + "(after copying what matters by hand)"));
        StepContext.Hosts hosts = context.connect(account);
        RemoteHost old = hosts.old();
        RemoteHost neu = hosts.neu();
        Progress progress = context.progress();
        Maintenance.on(neu, account.newHost(), config, account);
        try {
            databases.readOnly(account, neu);
            CutoverMark.syncBack(migrationId, Instant.now());
            Map<String, Long> estimates = databases.expect(account, neu, progress);
            RelaySync back = new RelaySync(neu, account.newHomePath(), old, account.homePath(), 0);
            long copying = System.nanoTime();
            Moved files = files(account, back, old, neu, mark, progress).plus(mail(account, back, old, neu));
            routes.record(migrationId, WORK, new FileRoutes.Chosen(back,
                    "a sync-back always relays: the migration's key may only read the old host"), files, copying);
            long databaseBytes = databases.copyAll(account, neu, old, progress, estimates, true);
            List<String> differences = databases.differences(account, neu, old);
            if (!differences.isEmpty()) {
                throw new RemoteException("after copying back, " + old.name() + " still differs from " + neu.name()
                        + ": " + String.join("; ", differences));
            }
            databases.writable(account, old);
            Maintenance.off(old, account.oldHost(), config, account);
            CutoverMark.syncBack(migrationId, null);
            return new TransferStats(files.files(), files.bytes(), databaseBytes,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            thaw(account, e);
            throw e;
        }
    }

    /** Files (mail aside) changed on the new host after the cut-over, copied back; those gone there, deleted. */
    private Moved files(AccountSpec account, RelaySync back, RemoteHost old, RemoteHost neu, CutoverMark mark,
                        Progress progress) {
        Predicate<String> mail = Paths.inMaildir(account);
        Map<String, Entry> there = Manifest.of(neu, account.newHomePath()).entries();
        Map<String, Entry> here = Manifest.of(old, account.homePath()).entries();
        List<String> send = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        List<String> rewritten = new ArrayList<>();
        there.forEach((path, entry) -> {
            Entry before = here.get(path);
            if (mail.test(path) || path.endsWith(ConfigRewrites.ORIGINAL) || !after(entry.ctime(), mark.newClock)
                    || before != null && entry.sameAs(before)) {
                return;
            }
            if (there.containsKey(path + ConfigRewrites.ORIGINAL)) {
                rewritten.add(Manifest.readable(path));
                return;
            }
            if (before != null && before.type() != entry.type()) {
                delete.add(path);
            }
            send.add(path);
        });
        String gone = null;
        for (Map.Entry<String, Entry> entry : here.entrySet()) {
            String path = entry.getKey();
            if (gone != null && path.startsWith(gone) || mail.test(path) || there.containsKey(path)
                    || after(entry.getValue().ctime(), mark.oldClock)) {
                continue;
            }
            delete.add(path);
            gone = entry.getValue().type() == 'd' ? path + "/" : null;
        }
        if (!rewritten.isEmpty()) {
            LOG.warnf("not copying back %s: the cut-over rewrote them for the new platform and they changed on %s "
                    + "since; merge the change into the old host's copy by hand", rewritten, neu.name());
        }
        long deleted = back.delete(delete);
        Moved sent = back.send(send, there, false, progress);
        Map<String, Entry> now = Manifest.of(old, account.homePath()).entries();
        List<String> wrong = new ArrayList<>();
        send.stream().filter(path -> now.get(path) == null || !now.get(path).sameAs(there.get(path)))
                .forEach(path -> wrong.add(Manifest.readable(path)));
        Set<String> replaced = new HashSet<>(send);
        delete.stream().filter(path -> !replaced.contains(path) && now.containsKey(path))
                .forEach(path -> wrong.add(Manifest.readable(path) + " (not deleted)"));
        if (!wrong.isEmpty()) {
            throw new RemoteException("copying back to " + old.name() + " left these different from " + neu.name()
                    + ": " + String.join(", ", wrong.subList(0, Math.min(20, wrong.size()))));
        }
        return new Moved(sent.files(), sent.bytes(), deleted);
    }

    /** Messages on the new host the old one lacks (by unique name), added there; nothing deleted or replaced. */
    private Moved mail(AccountSpec account, RelaySync back, RemoteHost old, RemoteHost neu) {
        List<String> send = new ArrayList<>();
        Map<String, Entry> known = new HashMap<>();
        for (MailboxSpec mailbox : account.mailboxes()) {
            Map<String, Entry> there = Manifest.of(neu, Paths.onNewHost(account, mailbox.maildir())).entries();
            Set<String> here = Maildirs.messages(Manifest.of(old, mailbox.maildir()).entries()).keySet();
            String below = Paths.belowHome(account, mailbox.maildir());
            for (String path : Maildirs.missing(Maildirs.messages(there), here, Set.of())) {
                send.add(below + path);
                known.put(below + path, there.get(path));
            }
        }
        return back.add(send, known);
    }

    /** The new side is live again (the sync-back did not finish), over a connection of its own. */
    private void thaw(AccountSpec account, RuntimeException cause) {
        try (RemoteHost neu = connector.connect(account.newHost())) {
            databases.writable(account, neu);
            Maintenance.off(neu, account.newHost(), config, account);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean after(String ctime, BigDecimal mark) {
        return new BigDecimal(ctime).compareTo(mark) > 0;
    }
}
