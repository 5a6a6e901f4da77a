package io.hostmove.planner;

import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsRollbackCompleted;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferResult.CutoverCompleted;
import io.hostmove.events.TransferResult.FinaliseCompleted;
import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.TransferResult.PreCopyCompleted;
import io.hostmove.events.TransferResult.TransferRollbackCompleted;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.TransferResult.VerificationCompleted;
import io.hostmove.events.model.Finding;
import io.hostmove.planner.MigrationInput.CustomerActionNeeded;
import io.hostmove.planner.MigrationInput.StepCompleted;
import io.hostmove.planner.MigrationInput.StepFailed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which services' events move a migration, and as what input; the rest only go into its timeline. */
public final class EventInputs {

    private static final Map<Class<? extends HostmoveEvent>, Function<HostmoveEvent, MigrationInput>> INPUTS = Map.ofEntries(
            Map.entry(InventoryCompleted.class, e -> new StepCompleted(MigrationStep.INVENTORY,
                    blocker(((InventoryCompleted) e).findings()))),
            Map.entry(PreCopyCompleted.class, e -> new StepCompleted(MigrationStep.PRE_COPY)),
            Map.entry(CutoverCompleted.class, e -> new StepCompleted(MigrationStep.CUTOVER)),
            Map.entry(VerificationCompleted.class, e -> new StepCompleted(MigrationStep.VERIFICATION)),
            Map.entry(FinaliseCompleted.class, e -> new StepCompleted(MigrationStep.FINALISE)),
            Map.entry(TransferRollbackCompleted.class, e -> new StepCompleted(MigrationStep.TRANSFER_ROLLBACK)),
            Map.entry(TransferStepFailed.class, e -> new StepFailed(((TransferStepFailed) e).step(),
                    ((TransferStepFailed) e).reason())),
            Map.entry(DnsInspectionCompleted.class, e -> new StepCompleted(MigrationStep.DNS_INSPECTION,
                    blocker(((DnsInspectionCompleted) e).findings()))),
            Map.entry(DnsSwitchCompleted.class, e -> new StepCompleted(MigrationStep.DNS_SWITCH)),
            Map.entry(DnsRollbackCompleted.class, e -> new StepCompleted(MigrationStep.DNS_ROLLBACK)),
            Map.entry(DnsStepFailed.class, e -> new StepFailed(((DnsStepFailed) e).step(),
                    ((DnsStepFailed) e).reason())),
            Map.entry(ExternalDnsChangeRequired.class,
                    e -> new CustomerActionNeeded(((ExternalDnsChangeRequired) e).reminder())));

    private EventInputs() {
    }

    /**
     * The input {@code event} is to the machine, if any.
     *
     * @param cutoverAt the migration's appointment as it stands now
     */
    public static Optional<MigrationInput> of(HostmoveEvent event, Instant cutoverAt) {
        if (event instanceof TtlLowered lowered) {
            return Optional.of(new StepCompleted(MigrationStep.TTL_PREPARATION, lateTtl(lowered, cutoverAt)));
        }
        return Optional.ofNullable(INPUTS.get(event.getClass())).map(input -> input.apply(event));
    }

    /** Why the cut-over cannot keep its appointment, when the old TTL expires after it; else null. */
    static String lateTtl(TtlLowered lowered, Instant cutoverAt) {
        if (!lowered.effectiveAt().isAfter(cutoverAt)) {
            return null;
        }
        return "the records' old TTL expires everywhere only at " + lowered.effectiveAt() + ", after the "
                + "appointment at " + cutoverAt + " (it moved while the TTL was being lowered): resolvers would "
                + "keep sending visitors to the old host. Reschedule the cut-over to after " + lowered.effectiveAt()
                + ", then resume";
    }

    /** The blocking findings as one reason for the operator, or null when there are none. */
    static String blocker(List<Finding> findings) {
        if (findings == null) {
            return null;
        }
        String blocking = findings.stream()
                .filter(finding -> finding.severity() == Finding.Severity.BLOCKING)
                .map(finding -> finding.subject() + ": " + finding.message())
                .collect(Collectors.joining("; "));
        return blocking.isEmpty() ? null : "blocking findings: " + blocking;
    }
}
