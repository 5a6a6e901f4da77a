package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.TransferRollbackCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.persistence.CutoverMark;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The old side live and writable again; with sync-back, after what changed on the new side since the cut-over
 * went back to it ({@link SyncBack}). Mail stops being caught up to the new host: the old host is the live one.
 */
@ApplicationScoped
public class RollbackStep implements TransferStep<TransferRollbackRequested> {

    @Inject
    TransferConfig config;

    @Inject
    Databases databases;

    @Inject
    MailCatchUp mailCatchUp;

    @Inject
    SyncBack syncBack;

    @Override
    public Class<TransferRollbackRequested> handles() {
        return TransferRollbackRequested.class;
    }

    @Override
    public TransferResult run(TransferRollbackRequested request, StepContext context) {
        long started = System.nanoTime();
        AccountSpec account = request.account();
        QuarkusTransaction.requiringNew().run(() -> mailCatchUp.close(context.migrationId(),
                "rolling back: the old host is the live one again"));
        if (request.syncBack()) {
            return new TransferRollbackCompleted(syncBack.run(account, context));
        }
        if (CutoverMark.of(context.migrationId()).map(mark -> mark.syncBackStartedAt != null).orElse(false)) {
            throw new RemoteException("a sync-back of this migration stopped after it had begun to overwrite "
                    + account.oldHost().name() + ", whose files and databases may now be half old, half new; roll "
                    + "back with sync-back again (it starts over and completes the copy)");
        }
        RemoteHost old = context.connect(account.oldHost());
        databases.writable(account, old);
        Maintenance.off(old, account.oldHost(), config, account);
        return new TransferRollbackCompleted(new TransferStats(0, 0, 0, (System.nanoTime() - started) / 1_000_000));
    }
}
