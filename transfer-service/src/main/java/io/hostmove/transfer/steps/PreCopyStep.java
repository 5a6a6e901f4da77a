package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Copies files, mail and a first copy of the databases while the old site stays live; a re-run moves the changes. */
@ApplicationScoped
public class PreCopyStep implements TransferStep<PreCopyRequested> {

    @Inject
    TransferConfig config;

    @Inject
    Databases databases;

    @Override
    public Class<PreCopyRequested> handles() {
        return PreCopyRequested.class;
    }

    @Override
    public TransferResult run(PreCopyRequested request, StepContext context) {
        long started = System.nanoTime();
        AccountSpec account = request.account();
        Paths.requireInsideHome(account);
        RemoteHost old = context.connect(account.oldHost());
        RemoteHost neu = context.connect(account.newHost());
        DirectSync sync = new DirectSync(context.migrationId(), account, old, neu, config);
        sync.prepare();
        DirectSync.Stats files = sync.pull(true);
        context.checkNotCancelled();
        long databaseBytes = databases.copyAll(account, old, neu);
        return new PreCopyCompleted(new TransferStats(files.files(), files.bytes(), databaseBytes,
                (System.nanoTime() - started) / 1_000_000));
    }
}
