package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.FinaliseRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.FinaliseCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The rollback window is over: the migration's access to the old host is removed. */
@ApplicationScoped
public class FinaliseStep implements TransferStep<FinaliseRequested> {

    @Inject
    TransferConfig config;

    @Override
    public Class<FinaliseRequested> handles() {
        return FinaliseRequested.class;
    }

    @Override
    public TransferResult run(FinaliseRequested request, StepContext context) {
        AccountSpec account = request.account();
        new DirectSync(context.migrationId(), account, context.connect(account.oldHost()),
                context.connect(account.newHost()), config).revoke();
        return new FinaliseCompleted();
    }
}
