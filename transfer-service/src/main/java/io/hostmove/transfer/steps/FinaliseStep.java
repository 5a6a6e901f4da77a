package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.FinaliseCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rollback window is over: the last mail that reached the old host goes across, then the migration's access
 * to the old host is removed.
 */
@ApplicationScoped
public class FinaliseStep implements TransferStep<FinaliseRequested> {

    @Inject
    FileRoutes routes;

    @Inject
    MailCatchUp mailCatchUp;

    @Override
    public Class<FinaliseRequested> handles() {
        return FinaliseRequested.class;
    }

    @Override
    public TransferResult run(FinaliseRequested request, StepContext context) {
        AccountSpec account = request.account();
        StepContext.Hosts hosts = context.connect(account);
        RemoteHost old = hosts.old();
        RemoteHost neu = hosts.neu();
        mailCatchUp.lastPass(context.migrationId(), old, neu);
        routes.direct(context.migrationId(), account, old, neu).revoke();
        return new FinaliseCompleted();
    }
}
