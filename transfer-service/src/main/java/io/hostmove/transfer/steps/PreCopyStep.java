package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.PreCopyRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.files.Moved;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Copies files, mail and a first copy of the databases while the old site stays live; a re-run moves the changes. */
@ApplicationScoped
public class PreCopyStep implements TransferStep<PreCopyRequested> {

    @Inject
    FileRoutes routes;

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
        StepContext.Hosts hosts = context.connect(account);
        RemoteHost old = hosts.old();
        RemoteHost neu = hosts.neu();
        FileRoutes.Chosen route = routes.choose(context.migrationId(), account, old, neu, true);
        Map<String, Long> estimates = databases.expect(account, old, context.progress());
        long copying = System.nanoTime();
        Moved files = route.copy().mirror(context.progress());
        routes.record(context.migrationId(), context.step().name(), route, files, copying);
        context.checkNotCancelled();
        long databaseBytes = databases.copyAll(account, old, neu, context.progress(), estimates, false);
        return new PreCopyCompleted(new TransferStats(files.files(), files.bytes(), databaseBytes,
                (System.nanoTime() - started) / 1_000_000));
    }
}
