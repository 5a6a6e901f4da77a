package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.TransferRollbackRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.TransferRollbackCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The old side live and writable again. */
@ApplicationScoped
public class RollbackStep implements TransferStep<TransferRollbackRequested> {

    @Inject
    TransferConfig config;

    @Inject
    Databases databases;

    @Override
    public Class<TransferRollbackRequested> handles() {
        return TransferRollbackRequested.class;
    }

    @Override
    public TransferResult run(TransferRollbackRequested request, StepContext context) {
        long started = System.nanoTime();
        AccountSpec account = request.account();
        if (request.syncBack()) {
            throw new RemoteException("copying changes back from the new host is not available yet; roll back "
                    + "without sync-back, or copy the changes by hand first");
        }
        RemoteHost old = context.connect(account.oldHost());
        databases.writable(account, old);
        Maintenance.off(old, account.oldHost(), config, account);
        return new TransferRollbackCompleted(new TransferStats(0, 0, 0, (System.nanoTime() - started) / 1_000_000));
    }
}
