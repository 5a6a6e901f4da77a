package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.CutoverRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.TransferStats;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.files.Moved;
import io.hostmove.transfer.persistence.CutoverMark;
import io.hostmove.transfer.persistence.SiteBaseline;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.SshConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cut-over: the old side goes into maintenance and read-only, the last changes follow, the copy is checked
 * file by file, row by row and page by page, configs are rewritten, and the new side is declared live. Any
 * failure (or a pause) brings the old side back out of maintenance before it is reported.
 */
@ApplicationScoped
public class CutoverStep implements TransferStep<CutoverRequested> {

    @Inject
    TransferConfig config;

    @Inject
    SshConnector connector;

    @Inject
    Databases databases;

    @Inject
    ConfigRewrites rewrites;

    @Inject
    FileRoutes routes;

    @Inject
    MailCatchUp mailCatchUp;

    @Override
    public Class<CutoverRequested> handles() {
        return CutoverRequested.class;
    }

    @Override
    public TransferResult run(CutoverRequested request, StepContext context) {
        long started = System.nanoTime();
        AccountSpec account = request.account();
        Paths.requireInsideHome(account);
        StepContext.Hosts hosts = context.connect(account);
        RemoteHost old = hosts.old();
        RemoteHost neu = hosts.neu();
        FileRoutes.Chosen route = routes.choose(context.migrationId(), account, old, neu, false);
        List<SiteProbe.Answer> before = baseline(context, account, old);
        Map<String, Long> estimates = databases.expect(account, old, context.progress());

        long maintenanceOn = System.nanoTime();
        Maintenance.on(old, account.oldHost(), config, account);
        try {
            databases.readOnly(account, old);
            long copying = System.nanoTime();
            Moved files = route.copy().mirror(context.progress());
            routes.record(context.migrationId(), context.step().name(), route, files, copying);
            long databaseBytes = databases.copyAll(account, old, neu, context.progress(), estimates, true);
            // Mail keeps arriving at the old host during the cut-over; the catch-up after it takes that.
            List<String> differences = databases.differencesAlongside(account, old, neu,
                    () -> route.copy().differences(Paths.isMail(account)));
            if (!differences.isEmpty()) {
                throw new RemoteException("the copy on " + neu.name() + " differs from " + old.name() + ": "
                        + String.join("; ", differences));
            }
            List<ConfigRewrite> rewritten = rewrites.apply(account, neu);
            List<String> pages = new ArrayList<>();
            for (SiteProbe.Answer answer : before) {
                String difference = answer.differenceTo(SiteProbe.fetch(neu, account.newHost(), config,
                        answer.domain()), old.name(), neu.name());
                if (difference != null) {
                    pages.add(difference);
                }
            }
            if (!pages.isEmpty()) {
                throw new RemoteException("the sites do not answer the same on " + neu.name() + ": "
                        + String.join("; ", pages));
            }
            long downtime = (System.nanoTime() - maintenanceOn) / 1_000_000;
            // From here on, what changes on the new host is the customer's: a sync-back on rollback copies that.
            CutoverMark.record(context.migrationId(), Clocks.now(old), Clocks.now(neu));
            mailCatchUp.ready(context.migrationId(), account, neu);
            return new CutoverCompleted(downtime, new TransferStats(files.files(), files.bytes(), databaseBytes,
                    (System.nanoTime() - started) / 1_000_000), rewritten);
        } catch (RuntimeException e) {
            backOut(account, e);
            throw e;
        }
    }

    private List<SiteProbe.Answer> baseline(StepContext context, AccountSpec account, RemoteHost old) {
        List<SiteProbe.Answer> answers = new ArrayList<>();
        List<SiteBaseline> baselines = new ArrayList<>();
        for (String domain : Maintenance.domains(account)) {
            SiteProbe.Answer answer = SiteProbe.fetch(old, account.oldHost(), config, domain);
            answers.add(answer);
            SiteBaseline baseline = new SiteBaseline();
            baseline.key = new SiteBaseline.Key(context.migrationId(), domain);
            baseline.status = answer.status();
            baseline.title = answer.title();
            baseline.bodySha256 = answer.bodySha256();
            baseline.takenAt = Instant.now();
            baselines.add(baseline);
        }
        SiteBaseline.record(context.migrationId(), baselines);
        return answers;
    }

    /** The old side goes live again, over a connection of its own (a pause has killed the step's). */
    private void backOut(AccountSpec account, RuntimeException cause) {
        try (RemoteHost old = connector.connect(account.oldHost())) {
            databases.writable(account, old);
            Maintenance.off(old, account.oldHost(), config, account);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
