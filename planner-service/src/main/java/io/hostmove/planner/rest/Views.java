package io.hostmove.planner.rest;

import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.DnsTimings;
import io.hostmove.events.model.Finding;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.planner.Decision;
import io.hostmove.planner.MigrationInput;
import io.hostmove.planner.MigrationMachine;
import io.hostmove.planner.MigrationState;
import io.hostmove.planner.persistence.Customer;
import io.hostmove.planner.persistence.Host;
import io.hostmove.planner.persistence.HostRole;
import io.hostmove.planner.persistence.HostingAccount;
import io.hostmove.planner.persistence.Migration;
import io.hostmove.planner.persistence.MigrationEventRecord;
import io.hostmove.planner.persistence.PhaseRun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API returns; entities never leave the service as they are. */
public final class Views {

    private Views() {
    }

    public record CustomerView(UUID id, String ref, String name, String email, String language, String timeZone) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.id, c.ref, c.name, c.email, c.language, c.timeZone);
        }
    }

    public record HostView(UUID id, String name, HostRole role, String sshHost, int sshPort, String sshUser,
                           String hostKeyFingerprint, String ipv4, String ipv6) {
        static HostView of(Host h) {
            return new HostView(h.id, h.name, h.role, h.sshHost, h.sshPort, h.sshUser, h.hostKeyFingerprint, h.ipv4,
                    h.ipv6);
        }
    }

    public record AccountView(UUID id, String customer, String oldHost, String newHost, String systemUser,
                              String homePath, String newHomePath, List<SiteSpec> sites,
                              List<DatabaseSpec> databases, List<MailboxSpec> mailboxes, List<String> domains) {
        static AccountView of(HostingAccount a) {
            return new AccountView(a.id, a.customer.ref, a.oldHost.name, a.newHost.name, a.systemUser, a.homePath,
                    a.newHomePath, a.sites, a.databases, a.mailboxes, a.domains);
        }
    }

    public record ImportSummary(List<String> customers, List<String> hosts, List<AccountView> accounts) {
    }

    public record PauseView(String cause, String reason, boolean stepDone) {
    }

    public record PhaseRunView(String phase, Instant startedAt, String startedBy, Instant endedAt, String endedBy,
                               String result, String detail, Long durationMillis) {
        static PhaseRunView of(PhaseRun r) {
            return new PhaseRunView(r.phase.name(), r.startedAt, r.startedBy, r.endedAt, r.endedBy, r.result,
                    r.detail, r.endedAt == null ? null : r.endedAt.toEpochMilli() - r.startedAt.toEpochMilli());
        }
    }

    public record EventView(UUID eventId, String direction, String type, UUID causationId, Instant at,
                            String outcome) {
        static EventView of(MigrationEventRecord e) {
            return new EventView(e.eventId, e.direction.name(), e.eventType, e.causationId, e.at, e.outcome);
        }
    }

    /**
     * A migration in brief, for lists and live views: where it is, what is moving, how long the site was down, how
     * many emails its customer was sent, and whether it waits for the customer's own DNS change.
     */
    public record MigrationSummary(UUID id, UUID accountId, String customer, String phase, PauseView pause,
                                   Instant cutoverAt, Instant updatedAt, TransferProgressed progress,
                                   Long downtimeMillis, Long bytesMoved, long emailsSent,
                                   boolean waitingForCustomerDns) {
        static MigrationSummary of(Migration m, long emailsSent) {
            return new MigrationSummary(m.id, m.account.id, m.account.customer.ref, m.phase.name(), Views.pauseOf(m),
                    m.cutoverAt, m.updatedAt, m.progress, downtimeOf(m), bytesMovedOf(m), emailsSent,
                    awaitsCustomerDns(m));
        }
    }

    /** A migration with everything known about it and its full timeline. */
    public record MigrationView(UUID id, UUID accountId, String customer, String phase, PauseView pause,
                                List<String> allowedActions, Instant cutoverAt, Instant aftercareEndsAt,
                                int expectedDowntimeMinutes, Long downtimeMillis, Long bytesMoved,
                                TransferProgressed progress, List<Finding> findings,
                                List<DnsRecordChange> dnsChanges, DnsTimings dnsSwitchTimings,
                                List<String> externalDomains,
                                List<DnsRecordChange> customerDnsChanges, List<ConfigRewrite> configRewrites,
                                Instant createdAt, Instant updatedAt, List<PhaseRunView> phases,
                                List<EventView> events) {
        static MigrationView of(Migration m) {
            return new MigrationView(m.id, m.account.id, m.account.customer.ref, m.phase.name(), Views.pauseOf(m),
                    Views.allowedActions(m), m.cutoverAt, m.aftercareEndsAt, m.expectedDowntimeMinutes,
                    downtimeOf(m), bytesMovedOf(m),
                    m.progress,
                    Views.findingsOf(m),
                    m.dnsPlan == null ? List.of() : m.dnsPlan.plannedChanges(),
                    m.dnsSwitch == null ? null : m.dnsSwitch.timings(),
                    m.dnsPlan == null ? List.of() : m.dnsPlan.externalDomains(),
                    m.customerDnsChanges == null ? List.of() : m.customerDnsChanges,
                    m.cutoverResult == null ? List.of() : m.cutoverResult.rewrites(),
                    m.createdAt, m.updatedAt,
                    PhaseRun.of(m.id).stream().map(PhaseRunView::of).toList(),
                    MigrationEventRecord.of(m.id).stream().map(EventView::of).toList());
        }
    }

    private static Long downtimeOf(Migration m) {
        return m.cutoverResult == null ? null : m.cutoverResult.downtimeMillis();
    }

    /** What the cut-over moved while the site was down: the last file delta and the full database copy. */
    private static Long bytesMovedOf(Migration m) {
        return m.cutoverResult == null ? null
                : m.cutoverResult.stats().bytes() + m.cutoverResult.stats().databaseBytes();
    }

    /** The inventory's findings, then what the DNS inspection found. */
    private static List<Finding> findingsOf(Migration m) {
        List<Finding> findings = new ArrayList<>();
        if (m.inventory != null) {
            findings.addAll(m.inventory.findings());
        }
        if (m.dnsPlan != null && m.dnsPlan.findings() != null) {
            findings.addAll(m.dnsPlan.findings());
        }
        return findings;
    }

    private static PauseView pauseOf(Migration m) {
        return m.pauseCause == null ? null : new PauseView(m.pauseCause.name(), m.pauseReason, m.pauseStepDone);
    }

    /** The operator actions the machine would accept now, so a UI offers only those. */
    static List<String> allowedActions(Migration m) {
        MigrationState state = m.state();
        Map<String, MigrationInput> actions = new LinkedHashMap<>();
        actions.put("pause", new MigrationInput.Pause("probe"));
        actions.put("resume", new MigrationInput.Resume());
        actions.put("retry", new MigrationInput.Retry());
        actions.put("cancel", new MigrationInput.Cancel("probe"));
        actions.put("rollback", new MigrationInput.Rollback(false));
        actions.put("reschedule", new MigrationInput.Reschedule(Instant.EPOCH, Instant.EPOCH));
        actions.put("finalise", new MigrationInput.AftercareEnded());
        List<String> allowed = new ArrayList<>(actions.entrySet().stream()
                .filter(e -> MigrationMachine.decide(state, e.getValue()) instanceof Decision.Accepted)
                .map(Map.Entry::getKey)
                .toList());
        if (awaitsCustomerDns(m)) {
            allowed.add("external-dns-confirmed");
        }
        return allowed;
    }

    /** The customer was sent records to change at their own DNS provider, and the migration waits for them. */
    static boolean awaitsCustomerDns(Migration m) {
        return m.customerDnsChanges != null && MigrationMachine.decide(m.state(),
                new MigrationInput.ExternalDnsConfirmed()) instanceof Decision.Accepted;
    }
}
