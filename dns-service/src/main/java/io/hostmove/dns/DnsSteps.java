package io.hostmove.dns;

import io.hostmove.dns.Verifier.Check;
import io.hostmove.dns.Verifier.Expectation;
import io.hostmove.dns.ZoneUpdater.RrsetEdit;
import io.hostmove.dns.ZoneUpdater.ZoneEdit;
import io.hostmove.dns.config.DnsConfig;
import io.hostmove.dns.persistence.AuditEntry;
import io.hostmove.dns.persistence.DnsJob;
import io.hostmove.dns.persistence.DnsMigration;
import io.hostmove.dns.persistence.JobProgress;
import io.hostmove.events.DnsRequest.DnsRollbackRequested;
import io.hostmove.events.DnsRequest.DnsSwitchRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.DnsRequest.TtlPreparationRequested;
import io.hostmove.events.DnsResult.DnsInspectionCompleted;
import io.hostmove.events.DnsResult.DnsRollbackCompleted;
import io.hostmove.events.DnsResult.DnsSwitchCompleted;
import io.hostmove.events.DnsResult.ExternalDnsChangeRequired;
import io.hostmove.events.DnsResult.TtlLowered;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.model.DnsTimings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.xbill.DNS.Type;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The DNS steps, one tick at a time: each tick does a bounded amount of DNS work and says what comes next.
 * Every effect is idempotent against the servers' current data: a step that runs again (a retry, a resume, a
 * restart) finds what it already did and does not do it twice.
 */
@ApplicationScoped
public class DnsSteps {

    static final String APPLY = "APPLY";
    static final String VERIFY = "VERIFY";
    static final String EXTERNAL = "EXTERNAL";

    private static final Logger LOG = Logger.getLogger(DnsSteps.class);

    @Inject
    DnsConfig config;

    @Inject
    DnsTools tools;

    @Inject
    JobRunner jobs;

    public Tick run(DnsJob job) {
        return switch (job.kind) {
            case INSPECT -> inspect(job);
            case PREPARE_TTL -> prepare(job);
            case SWITCH -> switchRecords(job);
            case ROLLBACK -> rollback(job);
            case RESTORE_TTL -> restoreTtl(job);
        };
    }

    // ---------------------------------------------------------------- inspection

    private Tick inspect(DnsJob job) {
        DnsPlan plan = tools.inspector().inspect(job.request().target());
        return Tick.done(new DnsInspectionCompleted(plan.allRecords(), plan.externalDomains(), plan.longestTtl(),
                plan.findings()), () -> savePlan(job.migrationId, plan));
    }

    /** The migration's plan, inspected again when there is none, it answers other domains, or it went stale. */
    private DnsMigration planFor(DnsJob job, DnsTarget target) {
        DnsMigration known = QuarkusTransaction.requiringNew().call(() -> DnsMigration.findById(job.migrationId));
        if (known != null && !known.stale && known.plan.answers(target)) {
            return known;
        }
        DnsPlan plan = tools.inspector().inspect(target);
        return QuarkusTransaction.requiringNew().call(() -> savePlan(job.migrationId, plan));
    }

    /** Keeps the original TTLs of a plan made again after the TTLs were lowered, so they can come back. */
    private DnsMigration savePlan(UUID migrationId, DnsPlan fresh) {
        DnsMigration migration = DnsMigration.lock(migrationId);
        DnsPlan plan = fresh;
        if (migration == null) {
            migration = new DnsMigration();
            migration.migrationId = migrationId;
        } else {
            plan = withOriginalTtls(fresh, migration.plan);
            if (!plan.records(plan.external(), false).equals(migration.plan.records(migration.plan.external(), false))) {
                migration.externalNotifiedAt = null;
                migration.externalRemindedAt = null;
            }
        }
        migration.plan = plan;
        migration.inspectedAt = plan.inspectedAt();
        migration.stale = false;
        migration.updatedAt = Instant.now();
        migration.persist();
        return migration;
    }

    private static DnsPlan withOriginalTtls(DnsPlan fresh, DnsPlan earlier) {
        Map<String, Long> ttls = new LinkedHashMap<>();
        earlier.zones().forEach(zone -> zone.changes().forEach(change ->
                ttls.put(zone.zone() + " " + change.name() + " " + change.type(), change.ttl())));
        List<ZonePlan> zones = fresh.zones().stream().map(zone -> new ZonePlan(zone.zone(), zone.ours(),
                zone.domains(), zone.servers(), zone.changes().stream().map(change -> {
                    long original = ttls.getOrDefault(zone.zone() + " " + change.name() + " " + change.type(),
                            change.ttl());
                    return new RrsetChange(change.name(), change.type(), Math.max(original, change.ttl()),
                            change.before(), change.after(), change.values());
                }).toList())).toList();
        return new DnsPlan(fresh.target(), zones, fresh.inspectedAt(), fresh.findings());
    }

    // ---------------------------------------------------------------- TTL preparation

    private Tick prepare(DnsJob job) {
        TtlPreparationRequested request = (TtlPreparationRequested) job.request();
        DnsMigration migration = planFor(job, request.target());
        long lowered = config.loweredTtl().toSeconds();
        List<ZonePlan> ours = migration.plan.ours();
        long longestOld = ours.stream().flatMap(zone -> zone.changes().stream()).mapToLong(RrsetChange::ttl)
                .filter(ttl -> ttl > lowered).max().orElse(0);
        if (longestOld == 0) {
            Instant effective = migration.ttlEffectiveAt != null ? migration.ttlEffectiveAt : Instant.now();
            return Tick.done(new TtlLowered(lowered, effective), Tick.NOTHING);
        }
        if (VERIFY.equals(job.stage)) {
            return verify(job, ours, true, lowered, () -> {
                Instant effective = Instant.now().plusSeconds(longestOld);
                return Tick.done(new TtlLowered(lowered, effective),
                        () -> update(job.migrationId, m -> m.ttlEffectiveAt = effective));
            });
        }
        ZoneUpdater updater = tools.updater(migration.plan);
        List<ZoneChange> changes = new ArrayList<>();
        for (ZonePlan zone : ours) {
            List<RrsetEdit> forward = new ArrayList<>();
            List<RrsetEdit> back = new ArrayList<>();
            for (RrsetChange change : zone.changes()) {
                Rrset now = updater.currentRrset(change.name(), change.type());
                requireValues(job, zone, change, now, change.before());
                if (now.ttl() > lowered) {
                    forward.add(new RrsetEdit(change.name(), change.type(), change.before(), lowered, change.before()));
                    back.add(new RrsetEdit(change.name(), change.type(), change.before(), now.ttl(), change.before()));
                }
            }
            changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), forward), new ZoneEdit(zone.zone(), back)));
        }
        boolean nothingToLower = changes.stream().allMatch(change -> change.forward().edits().isEmpty());
        Instant effective = nothingToLower && migration.ttlEffectiveAt != null ? migration.ttlEffectiveAt
                : Instant.now().plusSeconds(longestOld);
        Instant latest = request.cutoverAt().minus(config.ttlSafetyMargin());
        if (effective.isAfter(latest)) {
            return Tick.failed("the cut-over at " + request.cutoverAt() + " is too close to lower the TTLs in time: "
                    + "records keep their current TTL of up to " + longestOld + " s in caches, so the lowered TTL "
                    + "is only certain from " + effective + " (plus a margin of "
                    + config.ttlSafetyMargin().toSeconds() + " s). Nothing was changed; move the appointment to "
                    + "after " + effective.plus(config.ttlSafetyMargin()) + " and retry");
        }
        Map<String, Long> serials = applyAll(job, "TTL_PREPARATION", updater, changes);
        update(job.migrationId, m -> m.ttlLoweredAt = m.ttlLoweredAt == null ? Instant.now() : m.ttlLoweredAt);
        return new Tick.Again(VERIFY, Instant.now(), Instant.now().plus(config.verifyDeadline()),
                job.progress.applied(Instant.now(), serials), List.of(), Tick.NOTHING);
    }

    // ---------------------------------------------------------------- switch

    private Tick switchRecords(DnsJob job) {
        DnsSwitchRequested request = (DnsSwitchRequested) job.request();
        DnsMigration migration = APPLY.equals(job.stage) ? planFor(job, request.target())
                : QuarkusTransaction.requiringNew().call(() -> DnsMigration.findById(job.migrationId));
        DnsPlan plan = migration.plan;
        List<ZonePlan> ours = plan.ours();
        List<ZonePlan> external = plan.external();
        switch (job.stage) {
            case VERIFY -> {
                return verify(job, ours, true, null, () -> {
                    Runnable restore = () -> jobs.scheduleRestore(job.migrationId, job.requestEventId,
                            Instant.now().plus(config.ttlRestoreAfter()), true);
                    if (external.isEmpty()) {
                        return Tick.done(new DnsSwitchCompleted(plan.records(ours, false),
                                DnsPlan.serverNames(ours), timings(job)), restore);
                    }
                    return new Tick.Again(EXTERNAL, Instant.now(), Instant.now().plus(config.external().deadline()),
                            job.progress.verified(Instant.now()), List.of(), restore);
                });
            }
            case EXTERNAL -> {
                return watchExternal(job, migration);
            }
            default -> {
                // APPLY
            }
        }
        Map<String, Long> serials = Map.of();
        if (!ours.isEmpty()) {
            ZoneUpdater updater = tools.updater(plan);
            List<ZoneChange> changes = new ArrayList<>();
            for (ZonePlan zone : ours) {
                if (!needsChange(job, zone, updater, false)) {
                    changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), List.of()),
                            new ZoneEdit(zone.zone(), List.of())));
                    continue;
                }
                List<RrsetEdit> forward = new ArrayList<>();
                List<RrsetEdit> back = new ArrayList<>();
                for (RrsetChange change : zone.changes()) {
                    long ttl = updater.currentRrset(change.name(), change.type()).ttl();
                    forward.add(new RrsetEdit(change.name(), change.type(), change.before(), ttl, change.after()));
                    back.add(new RrsetEdit(change.name(), change.type(), change.after(), ttl, change.before()));
                }
                changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), forward), new ZoneEdit(zone.zone(), back)));
            }
            serials = applyAll(job, "DNS_SWITCH", updater, changes);
            update(job.migrationId, m -> m.switchedAt = Instant.now());
        }
        List<HostmoveEvent> events = new ArrayList<>();
        Runnable notified = Tick.NOTHING;
        if (!external.isEmpty() && migration.externalNotifiedAt == null) {
            events.add(new ExternalDnsChangeRequired(plan.records(external, false), false));
            notified = () -> update(job.migrationId, m -> m.externalNotifiedAt = Instant.now());
        }
        JobProgress progress = job.progress.applied(Instant.now(), serials);
        if (!ours.isEmpty()) {
            return new Tick.Again(VERIFY, Instant.now(), Instant.now().plus(config.verifyDeadline()), progress,
                    events, notified);
        }
        if (!external.isEmpty()) {
            return new Tick.Again(EXTERNAL, Instant.now(), Instant.now().plus(config.external().deadline()),
                    progress, events, notified);
        }
        return Tick.done(new DnsSwitchCompleted(List.of(), List.of(), timings(job)), Tick.NOTHING);
    }

    private Tick watchExternal(DnsJob job, DnsMigration migration) {
        DnsPlan plan = migration.plan;
        List<ZonePlan> external = plan.external();
        Addresses addresses = Addresses.of(plan.target());
        List<String> missing = externalDifferences(external, addresses);
        Instant now = Instant.now();
        if (missing.isEmpty()) {
            List<ZonePlan> all = new ArrayList<>(plan.ours());
            all.addAll(external);
            return Tick.done(new DnsSwitchCompleted(plan.records(all, false), DnsPlan.serverNames(all),
                    timings(job)), Tick.NOTHING);
        }
        String waiting = String.join("; ", missing);
        if (!now.isBefore(job.deadlineAt)) {
            return Tick.failed("the customer's DNS provider still does not serve the new records after "
                    + human(config.external().deadline()) + ": " + waiting + ". Ask the customer to change them "
                    + "(they were sent the exact records), then retry; or confirm the change by hand in the planner");
        }
        List<HostmoveEvent> events = new ArrayList<>();
        Runnable effects = Tick.NOTHING;
        Instant notified = migration.externalNotifiedAt == null ? now : migration.externalNotifiedAt;
        Instant reminderDue = notified.plus(config.external().reminderAfter());
        if (migration.externalRemindedAt == null && !now.isBefore(reminderDue)) {
            events.add(new ExternalDnsChangeRequired(plan.records(external, false), true));
            effects = () -> update(job.migrationId, m -> m.externalRemindedAt = Instant.now());
        }
        Instant next = now.plus(config.external().pollInterval());
        if (migration.externalRemindedAt == null && events.isEmpty() && reminderDue.isBefore(next)) {
            next = reminderDue;
        }
        if (job.deadlineAt.isBefore(next)) {
            next = job.deadlineAt;
        }
        return new Tick.Again(EXTERNAL, next, job.deadlineAt, job.progress.waiting(waiting), events, effects);
    }

    /** Per record of the customer's zones, what an authoritative server still serves instead of the change. */
    private List<String> externalDifferences(List<ZonePlan> zones, Addresses expected) {
        List<String> missing = new ArrayList<>();
        DnsClient client = tools.client();
        for (ZonePlan zone : zones) {
            for (NameServer server : zone.servers()) {
                for (RrsetChange change : zone.changes()) {
                    List<String> served;
                    try {
                        served = Served.values(DnsClient.join(client.query(server, Rdata.name(change.name()),
                                Type.value(change.type()))), change);
                    } catch (DnsStepException e) {
                        missing.add(e.getMessage());
                        continue;
                    }
                    if (!Served.seen(change, served, expected)) {
                        missing.add(server.label() + " serves " + change.name() + " " + change.type() + " "
                                + ZoneUpdater.show(change.type(), served));
                    }
                }
            }
        }
        return missing;
    }

    // ---------------------------------------------------------------- rollback

    private Tick rollback(DnsJob job) {
        DnsRollbackRequested request = (DnsRollbackRequested) job.request();
        DnsMigration migration = QuarkusTransaction.requiringNew().call(() -> DnsMigration.findById(job.migrationId));
        if (migration == null) {
            // Nothing was ever inspected here, so nothing was changed: there is nothing to switch back.
            return Tick.done(new DnsRollbackCompleted(List.of(), List.of(), timings(job)), Tick.NOTHING);
        }
        DnsPlan plan = migration.plan;
        List<ZonePlan> ours = plan.ours();
        if (VERIFY.equals(job.stage)) {
            return verify(job, ours, false, null, () -> rolledBack(job, plan, request));
        }
        if (ours.isEmpty()) {
            return rolledBack(job, plan, request);
        }
        ZoneUpdater updater = tools.updater(plan);
        List<ZoneChange> changes = new ArrayList<>();
        for (ZonePlan zone : ours) {
            if (!needsChange(job, zone, updater, true)) {
                changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), List.of()),
                        new ZoneEdit(zone.zone(), List.of())));
                continue;
            }
            List<RrsetEdit> forward = new ArrayList<>();
            List<RrsetEdit> back = new ArrayList<>();
            for (RrsetChange change : zone.changes()) {
                long ttl = updater.currentRrset(change.name(), change.type()).ttl();
                forward.add(new RrsetEdit(change.name(), change.type(), change.after(), ttl, change.before()));
                back.add(new RrsetEdit(change.name(), change.type(), change.before(), ttl, change.after()));
            }
            changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), forward), new ZoneEdit(zone.zone(), back)));
        }
        Map<String, Long> serials = applyAll(job, "DNS_ROLLBACK", updater, changes);
        return new Tick.Again(VERIFY, Instant.now(), Instant.now().plus(config.verifyDeadline()),
                job.progress.applied(Instant.now(), serials), List.of(), Tick.NOTHING);
    }

    private Tick rolledBack(DnsJob job, DnsPlan plan, DnsRollbackRequested request) {
        List<ZonePlan> ours = plan.ours();
        List<ZonePlan> external = plan.external();
        Runnable effects = () -> {
            update(job.migrationId, m -> m.rolledBackAt = Instant.now());
            if (!ours.isEmpty()) {
                jobs.scheduleRestore(job.migrationId, job.requestEventId,
                        Instant.now().plus(config.ttlRestoreAfter()), false);
            }
        };
        if (!external.isEmpty()) {
            Addresses back = swapped(Addresses.of(request.target()));
            List<String> notBack = externalDifferences(reversed(external), back);
            if (!notBack.isEmpty()) {
                List<String> records = plan.records(external, true).stream()
                        .map(r -> r.name() + " " + r.type() + " " + r.oldValue() + " → " + r.newValue()).toList();
                return new Tick.Failed((ours.isEmpty() ? "" : "our zones point at the old host again on every "
                        + "server, but ") + "the customer's DNS provider still points at the new host ("
                        + String.join("; ", notBack) + "). Ask the customer to change back: "
                        + String.join("; ", records) + ". Then resume the migration", effects);
            }
        }
        List<ZonePlan> all = new ArrayList<>(ours);
        all.addAll(external);
        return Tick.done(new DnsRollbackCompleted(plan.records(all, true), DnsPlan.serverNames(all),
                timings(job)), effects);
    }

    private static List<ZonePlan> reversed(List<ZonePlan> zones) {
        return zones.stream().map(zone -> new ZonePlan(zone.zone(), zone.ours(), zone.domains(), zone.servers(),
                zone.changes().stream().map(change -> new RrsetChange(change.name(), change.type(), change.ttl(),
                        change.after(), change.before(), change.values().stream()
                        .map(v -> new RrsetChange.ValueChange(v.newValue(), v.oldValue())).toList())).toList()))
                .toList();
    }

    private static Addresses swapped(Addresses addresses) {
        return new Addresses(addresses.newIpv4(), addresses.oldIpv4(), addresses.newIpv6(), addresses.oldIpv6());
    }

    // ---------------------------------------------------------------- TTL restore

    private Tick restoreTtl(DnsJob job) {
        DnsMigration migration = QuarkusTransaction.requiringNew().call(() -> DnsMigration.findById(job.migrationId));
        if (migration == null) {
            return new Tick.Done(List.of(), Tick.NOTHING);
        }
        boolean switched = Boolean.TRUE.equals(job.progress.switched());
        ZoneUpdater updater;
        List<ZoneChange> changes = new ArrayList<>();
        try {
            updater = tools.updater(migration.plan);
            for (ZonePlan zone : migration.plan.ours()) {
                List<RrsetEdit> forward = new ArrayList<>();
                List<RrsetEdit> back = new ArrayList<>();
                for (RrsetChange change : zone.changes()) {
                    Rrset now = updater.currentRrset(change.name(), change.type());
                    List<String> holds = change.side(switched);
                    if (!Rdata.sameValues(change.type(), now.values(), holds)) {
                        LOG.infof("migration %s: %s %s changed since; its TTL stays %d", job.migrationId,
                                change.name(), change.type(), now.ttl());
                    } else if (now.ttl() != change.ttl()) {
                        forward.add(new RrsetEdit(change.name(), change.type(), holds, change.ttl(), holds));
                        back.add(new RrsetEdit(change.name(), change.type(), holds, now.ttl(), holds));
                    }
                }
                changes.add(new ZoneChange(zone, new ZoneEdit(zone.zone(), forward), new ZoneEdit(zone.zone(), back)));
            }
            applyAll(job, "TTL_RESTORE", updater, changes);
        } catch (DnsStepException e) {
            if (job.attempts < 10) {
                LOG.warnf("TTL restore of migration %s failed, trying again in a minute: %s", job.migrationId,
                        e.getMessage());
                return new Tick.Again(APPLY, Instant.now().plusSeconds(60), null, job.progress.waiting(e.getMessage()),
                        List.of(), Tick.NOTHING);
            }
            throw e;
        }
        return new Tick.Done(List.of(), Tick.NOTHING);
    }

    // ---------------------------------------------------------------- shared

    /** One zone's update and the update that undoes it. */
    private record ZoneChange(ZonePlan zone, ZoneEdit forward, ZoneEdit back) {
    }

    /**
     * Whether a zone still needs the change: no when it already holds the target side (done before), yes when it
     * holds the other side; anything else is someone else's change, and the step fails without writing.
     */
    private boolean needsChange(DnsJob job, ZonePlan zone, ZoneUpdater updater, boolean rollingBack) {
        boolean allTarget = true;
        boolean allSource = true;
        List<String> differences = new ArrayList<>();
        for (RrsetChange change : zone.changes()) {
            List<String> now = updater.current(change.name(), change.type());
            List<String> target = change.side(!rollingBack);
            List<String> source = change.side(rollingBack);
            allTarget &= Rdata.sameValues(change.type(), now, target);
            boolean atSource = Rdata.sameValues(change.type(), now, source);
            allSource &= atSource;
            if (!atSource && !Rdata.sameValues(change.type(), now, target)) {
                differences.add(change.name() + " " + change.type() + " holds " + ZoneUpdater.show(change.type(), now)
                        + " instead of " + ZoneUpdater.show(change.type(), source));
            }
        }
        if (allTarget) {
            return false;
        }
        if (allSource) {
            return true;
        }
        markStale(job);
        throw new DnsStepException("records in zone " + zone.zone() + " changed since they were inspected: "
                + String.join("; ", differences) + ". Nothing was overwritten; check the change with the customer, "
                + "then retry (the retry reads the zone again and switches what still points at the "
                + (rollingBack ? "new" : "old") + " host)");
    }

    private void requireValues(DnsJob job, ZonePlan zone, RrsetChange change, Rrset now, List<String> expected) {
        if (!Rdata.sameValues(change.type(), now.values(), expected)) {
            markStale(job);
            throw new DnsStepException("records in zone " + zone.zone() + " changed since they were inspected: "
                    + change.name() + " " + change.type() + " holds " + ZoneUpdater.show(change.type(), now.values())
                    + " instead of " + ZoneUpdater.show(change.type(), expected) + ". Nothing was changed; retry to "
                    + "read the zone again");
        }
    }

    private void markStale(DnsJob job) {
        update(job.migrationId, m -> m.stale = true);
    }

    /**
     * Applies each zone's update; if one fails, the zones this call already changed are changed back, so the
     * step leaves the zones as it found them. Every applied update is audited as it happens.
     *
     * @return per zone, the serial its servers must reach
     */
    private Map<String, Long> applyAll(DnsJob job, String purpose, ZoneUpdater updater, List<ZoneChange> changes) {
        Map<String, Long> serials = new LinkedHashMap<>();
        List<ZoneChange> applied = new ArrayList<>();
        for (ZoneChange change : changes) {
            try {
                if (change.forward().edits().isEmpty()) {
                    serials.put(change.zone().zone(), DnsClient.join(updater.serial(change.zone().zone())));
                    continue;
                }
                long serial = DnsClient.join(updater.apply(change.forward()));
                audit(job, purpose, change.zone().zone(), change.forward(), change.back(), updater, serial);
                serials.put(change.zone().zone(), serial);
                applied.add(change);
            } catch (DnsStepException e) {
                throw new DnsStepException(e.getMessage() + undo(job, purpose, updater, applied), e);
            }
        }
        return serials;
    }

    private String undo(DnsJob job, String purpose, ZoneUpdater updater, List<ZoneChange> applied) {
        if (applied.isEmpty()) {
            return "";
        }
        List<String> undone = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<ZoneChange> newestFirst = new ArrayList<>(applied);
        java.util.Collections.reverse(newestFirst);
        for (ZoneChange change : newestFirst) {
            try {
                long serial = DnsClient.join(updater.apply(change.back()));
                audit(job, purpose + "_UNDONE", change.zone().zone(), change.back(), change.forward(), updater, serial);
                undone.add(change.zone().zone());
            } catch (DnsStepException e) {
                stuck.add(change.zone().zone() + " (" + e.getMessage() + ")");
            }
        }
        return (undone.isEmpty() ? "" : " (zones already changed by this step were changed back: "
                + String.join(", ", undone) + ")") + (stuck.isEmpty() ? "" : " (could NOT change back: "
                + String.join(", ", stuck) + ")");
    }

    private void audit(DnsJob job, String purpose, String zone, ZoneEdit forward, ZoneEdit back,
                       ZoneUpdater updater, long serial) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < forward.edits().size(); i++) {
                RrsetEdit after = forward.edits().get(i);
                RrsetEdit before = back.edits().get(i);
                AuditEntry entry = new AuditEntry();
                entry.migrationId = job.migrationId;
                entry.jobId = job.id;
                entry.purpose = purpose;
                entry.zone = zone;
                entry.name = after.name();
                entry.type = after.type();
                entry.beforeTtl = before.ttl();
                entry.beforeData = after.expected();
                entry.afterTtl = after.ttl();
                entry.afterData = after.replacement();
                entry.server = updater.primary().label();
                entry.serial = serial;
                entry.changedAt = Instant.now();
                entry.persist();
            }
        });
    }

    /**
     * One round of asking every authoritative server of {@code zones}; {@code done} builds the outcome once all
     * serve the data (and, for a TTL change, the TTL), the step fails at the deadline, else it asks again later.
     */
    private Tick verify(DnsJob job, List<ZonePlan> zones, boolean switched, Long ttl,
                        Supplier<Tick> done) {
        Verifier verifier = tools.verifier();
        Map<String, CompletableFuture<Check>> checks = new LinkedHashMap<>();
        for (ZonePlan zone : zones) {
            List<Expectation> expectations = zone.changes().stream()
                    .filter(change -> ttl == null || change.ttl() > ttl)
                    .map(change -> new Expectation(change.name(), change.type(),
                            ttl == null ? change.side(switched) : change.before(), ttl))
                    .toList();
            Long serial = job.progress.serials().get(zone.zone());
            for (NameServer server : zone.servers()) {
                String pair = JobProgress.served(zone.zone(), server.address(), server.port());
                // A server keeps serving what it was seen serving: asking it again would only load it.
                if (!job.progress.servedBy().contains(pair)) {
                    checks.put(pair, verifier.check(server, zone.zone(), serial, expectations));
                }
            }
        }
        List<String> served = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        checks.forEach((pair, future) -> {
            Check check = future.join();
            if (check.done()) {
                served.add(pair);
            } else {
                pending.add(check.server().label() + " " + check.detail());
            }
        });
        if (pending.isEmpty()) {
            return done.get();
        }
        String waiting = String.join("; ", pending);
        if (!Instant.now().isBefore(job.deadlineAt)) {
            Duration waited = Duration.between(job.progress.appliedAt(), Instant.now());
            return Tick.failed("not every authoritative server serves the change " + human(waited) + " after our "
                    + "primary took it: " + waiting + ". The primary has the new data; check that server (is it "
                    + "running, does it transfer the zone from the primary?), then retry");
        }
        return new Tick.Again(job.stage, Instant.now().plus(config.verifyInterval()), job.deadlineAt,
                job.progress.waiting(waiting, served), List.of(), Tick.NOTHING);
    }

    /** The step's timings as of now, the moment every server was seen serving the change. */
    private static DnsTimings timings(DnsJob job) {
        return new DnsTimings(job.createdAt, job.progress.appliedAt(), Instant.now());
    }

    private static void update(UUID migrationId, Consumer<DnsMigration> change) {
        QuarkusTransaction.joiningExisting().run(() -> {
            DnsMigration migration = DnsMigration.lock(migrationId);
            if (migration != null) {
                change.accept(migration);
                migration.updatedAt = Instant.now();
            }
        });
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return duration.toMinutes() + " min";
        }
        return duration.toHours() + " h";
    }
}
