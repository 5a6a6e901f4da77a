package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.files.Maildirs;
import io.hostmove.transfer.files.Manifest;
import io.hostmove.transfer.files.Manifest.Entry;
import io.hostmove.transfer.files.Moved;
import io.hostmove.transfer.persistence.CatchUpWindow;
import io.hostmove.transfer.persistence.CatchUpWindow.State;
import io.hostmove.transfer.persistence.SeenMail;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.StepCancelledException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mail that still arrives at the old host while DNS propagates is copied to the new host: from when the
 * migration leaves the cut-over until the planner closes the window, every interval, and once more when it
 * closes. A merge by the messages' unique names: only what the new host never had is added; nothing is deleted,
 * nothing that exists there is overwritten, so what the customer deleted or flagged there stays so.
 * The window lives in PostgreSQL ({@link CatchUpWindow}); a restart continues it.
 */
@ApplicationScoped
public class MailCatchUp {

    private static final Logger LOG = Logger.getLogger(MailCatchUp.class);
    /** What {@link FileRoutes#record} calls a catch-up pass. */
    static final String WORK = "MAIL_CATCH_UP";

    @Inject
    TransferConfig config;

    @Inject
    FileRoutes routes;

    @Inject
    SeenMail seen;

    @Inject
    EntityManager entityManager;

    /**
     * At the end of a cut-over: every message the new host holds now counts as delivered; the window waits for
     * the migration to leave the cut-over.
     */
    void ready(UUID migrationId, AccountSpec account, RemoteHost neu) {
        if (account.mailboxes().isEmpty()) {
            return;
        }
        seen.forget(migrationId);
        for (MailboxSpec mailbox : account.mailboxes()) {
            Manifest there = Manifest.of(neu, Paths.onNewHost(account, mailbox.maildir()));
            seen.add(migrationId, mailbox.maildir(), Maildirs.messages(there.entries()).keySet());
        }
        QuarkusTransaction.requiringNew().run(() -> {
            CatchUpWindow window = entityManager.find(CatchUpWindow.class, migrationId, LockModeType.PESSIMISTIC_WRITE);
            if (window == null) {
                window = new CatchUpWindow();
                window.migrationId = migrationId;
            }
            window.account = CatchUpWindow.json(account);
            window.state = State.READY;
            window.suspended = false;
            window.runningSince = null;
            window.nextPassAt = null;
            window.passes = 0;
            window.messages = 0;
            window.lastError = null;
            window.closedWhy = null;
            window.updatedAt = Instant.now();
            window.persist();
        });
    }

    /** The migration left the cut-over for the DNS switch: passes start. In the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(UUID migrationId) {
        locked(migrationId).filter(window -> window.state == State.READY).ifPresentOrElse(window -> {
            window.state = State.OPEN;
            window.nextPassAt = Instant.now();
            window.updatedAt = Instant.now();
            LOG.infof("mail catch-up of migration %s open: every %s", migrationId, config.mailCatchUpInterval());
        }, () -> LOG.debugf("no mail catch-up to open for migration %s", migrationId));
    }

    /** The planner closed the window: one last pass, then no more. In the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void closeAfterLastPass(UUID migrationId, String why) {
        locked(migrationId).filter(window -> window.state == State.READY || window.state == State.OPEN)
                .ifPresent(window -> {
                    window.state = State.CLOSING;
                    window.nextPassAt = Instant.now();
                    window.closedWhy = why;
                    window.updatedAt = Instant.now();
                });
    }

    /** The old side is the live one again (rolled back) or never stopped being it: no more passes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void close(UUID migrationId, String why) {
        locked(migrationId).filter(window -> window.state != State.CLOSED).ifPresent(window -> {
            window.state = State.CLOSED;
            window.closedWhy = why;
            window.updatedAt = Instant.now();
            LOG.infof("mail catch-up of migration %s closed without a last pass: %s", migrationId, why);
        });
    }

    /** A paused migration runs no passes until it resumes. In the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void suspend(UUID migrationId, boolean suspended) {
        locked(migrationId).ifPresent(window -> {
            window.suspended = suspended;
            window.updatedAt = Instant.now();
        });
    }

    /** Claims the next due pass of a migration with no step running (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> claimDue() {
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                update mail_catchup set running_since = now()
                where migration_id = (select c.migration_id from mail_catchup c
                                      where c.state in ('OPEN', 'CLOSING') and not c.suspended
                                        and c.running_since is null and c.next_pass_at <= now()
                                        and not exists (select 1 from transfer_job j
                                                        where j.migration_id = c.migration_id
                                                          and j.state = 'RUNNING')
                                      order by c.next_pass_at
                                      for update skip locked
                                      limit 1)
                returning migration_id""", UUID.class).getResultList();
        return ids.stream().findFirst();
    }

    /** Passes that were running when the service stopped are due again. */
    public int recover() {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "update mail_catchup set running_since = null where running_since is not null").executeUpdate());
    }

    /** Runs a claimed pass and records how it went. */
    public void runClaimed(UUID migrationId, StepContext context) {
        CatchUpWindow claimed = QuarkusTransaction.requiringNew().call(() -> CatchUpWindow.findById(migrationId));
        AccountSpec account = claimed.account();
        boolean last = claimed.state == State.CLOSING;
        try {
            StepContext.Hosts hosts = context.connect(account);
            RemoteHost old = hosts.old();
            RemoteHost neu = hosts.neu();
            long copied = pass(migrationId, account, old, neu);
            finished(migrationId, last, copied, null);
        } catch (StepCancelledException e) {
            QuarkusTransaction.requiringNew().run(() -> locked(migrationId).ifPresent(w -> w.runningSince = null));
        } catch (RuntimeException e) {
            LOG.warnf("mail catch-up pass of migration %s failed, trying again in %s: %s", migrationId,
                    config.mailCatchUpInterval(), e.getMessage());
            finished(migrationId, false, 0, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * The last pass, run by the finalisation before the migration's access to the old host goes: if the window
     * has not had it yet, it runs now (on the step's connections) and closes the window.
     *
     * @throws RemoteException when the pass fails: the access must stay until the mail is across
     */
    void lastPass(UUID migrationId, RemoteHost old, RemoteHost neu) {
        Optional<CatchUpWindow> window = QuarkusTransaction.requiringNew().call(() -> CatchUpWindow
                .<CatchUpWindow>findByIdOptional(migrationId));
        if (window.isEmpty() || window.get().state == State.CLOSED) {
            return;
        }
        long copied;
        try {
            copied = pass(migrationId, window.get().account(), old, neu);
        } catch (StepCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RemoteException("the last mail catch-up pass failed, so mail that reached " + old.name()
                    + " after the cut-over may not be on " + neu.name() + " yet: " + e.getMessage()
                    + "; the migration keeps its access to " + old.name() + " until a retry of the finalisation "
                    + "gets the mail across", e);
        }
        QuarkusTransaction.requiringNew().run(() -> locked(migrationId).ifPresent(w -> {
            if (w.closedWhy == null) {
                w.closedWhy = "finalised";
            }
        }));
        finished(migrationId, true, copied, null);
    }

    /** One pass: copies the messages the new host never had; returns how many. */
    private long pass(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu) {
        long started = System.nanoTime();
        List<String> paths = new ArrayList<>();
        Map<String, Entry> known = new HashMap<>();
        Map<String, Set<String>> arriving = new HashMap<>();
        for (MailboxSpec mailbox : account.mailboxes()) {
            Map<String, Entry> here = Manifest.of(old, mailbox.maildir()).entries();
            Map<String, String> messages = Maildirs.messages(here);
            Set<String> there = Maildirs.messages(Manifest.of(neu, Paths.onNewHost(account, mailbox.maildir()))
                    .entries()).keySet();
            Set<String> delivered = seen.of(migrationId, mailbox.maildir());
            Set<String> arrivedThere = new HashSet<>(there);
            arrivedThere.removeAll(delivered);
            seen.add(migrationId, mailbox.maildir(), arrivedThere);
            String below = Paths.belowHome(account, mailbox.maildir());
            Set<String> sending = new HashSet<>();
            for (String path : Maildirs.missing(messages, there, delivered)) {
                paths.add(below + path);
                known.put(below + path, here.get(path));
                sending.add(Maildirs.uniqueName(path.substring(path.lastIndexOf('/') + 1)));
            }
            arriving.put(mailbox.maildir(), sending);
        }
        if (paths.isEmpty()) {
            return 0;
        }
        FileRoutes.Chosen route = routes.choose(migrationId, account, old, neu, false);
        Moved moved = route.copy().add(paths, known);
        arriving.forEach((maildir, names) -> seen.add(migrationId, maildir, names));
        routes.record(migrationId, WORK, route, moved, started);
        return paths.size();
    }

    private void finished(UUID migrationId, boolean last, long copied, String error) {
        QuarkusTransaction.requiringNew().run(() -> locked(migrationId).ifPresent(window -> {
            Instant now = Instant.now();
            window.runningSince = null;
            window.updatedAt = now;
            if (error != null) {
                window.lastError = error;
                window.nextPassAt = now.plus(config.mailCatchUpInterval());
                return;
            }
            window.passes++;
            window.messages += copied;
            window.lastPassAt = now;
            window.lastError = null;
            if (last) {
                window.state = State.CLOSED;
                LOG.infof("mail catch-up of migration %s closed after its last pass (%d passes, %d messages)",
                        migrationId, window.passes, window.messages);
            } else if (window.state == State.OPEN) {
                window.nextPassAt = now.plus(config.mailCatchUpInterval());
            }
            if (copied > 0) {
                LOG.infof("mail catch-up of migration %s copied %d message(s)", migrationId, copied);
            }
        }));
    }

    private Optional<CatchUpWindow> locked(UUID migrationId) {
        return Optional.ofNullable(entityManager.find(CatchUpWindow.class, migrationId,
                LockModeType.PESSIMISTIC_WRITE));
    }

}
