package io.hostmove.transfer.steps;

import io.hostmove.events.TransferRequest.VerificationRequested;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.VerificationCompleted;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.StepContext;
import io.hostmove.transfer.TransferStep;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.persistence.SiteBaseline;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** After the DNS switch: every site answers from the new host as it did from the old before the cut-over. */
@ApplicationScoped
public class VerificationStep implements TransferStep<VerificationRequested> {

    @Inject
    TransferConfig config;

    @Override
    public Class<VerificationRequested> handles() {
        return VerificationRequested.class;
    }

    @Override
    public TransferResult run(VerificationRequested request, StepContext context) {
        AccountSpec account = request.account();
        RemoteHost neu = context.connect(account.newHost());
        List<String> checks = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (SiteBaseline baseline : SiteBaseline.of(context.migrationId())) {
            SiteProbe.Answer before = new SiteProbe.Answer(baseline.key.domain(), baseline.status, baseline.title,
                    baseline.bodySha256);
            SiteProbe.Answer now = SiteProbe.fetch(neu, account.newHost(), config, baseline.key.domain());
            String difference = before.differenceTo(now, "the old host before the cut-over", neu.name());
            if (difference == null) {
                checks.add(now.domain() + ": " + now.status() + " \"" + now.title() + "\", same page as before");
            } else {
                differences.add(difference);
            }
        }
        if (!differences.isEmpty()) {
            throw new RemoteException(String.join("; ", differences));
        }
        return new VerificationCompleted(checks);
    }
}
