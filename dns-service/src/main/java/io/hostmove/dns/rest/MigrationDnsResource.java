package io.hostmove.dns.rest;

import io.hostmove.dns.NameServer;
import io.hostmove.dns.persistence.AuditEntry;
import io.hostmove.dns.persistence.DnsJob;
import io.hostmove.dns.persistence.DnsMigration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the dns-service knows and did for a migration: its plan, its jobs with their timings, and the audit. */
@Path("/migrations/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationDnsResource {

    /** A migration's DNS plan, its progress and its jobs. */
    public record MigrationView(UUID migrationId, Instant inspectedAt, boolean stale, Instant ttlLoweredAt,
                                Instant ttlEffectiveAt, Instant switchedAt, Instant rolledBackAt,
                                Instant externalNotifiedAt, Instant externalRemindedAt, List<ZoneView> zones,
                                List<JobView> jobs) {
    }

    /** One zone of the plan and what changes in it. */
    public record ZoneView(String zone, boolean ours, List<String> domains, List<String> servers,
                           List<RrsetView> changes) {
    }

    /** One RRset that changes. */
    public record RrsetView(String name, String type, long ttl, List<String> before, List<String> after) {
    }

    /** One job with its timings: when it was asked for, started, applied, verified and finished. */
    public record JobView(UUID id, String kind, String state, String stage, int attempts, Instant createdAt,
                          Instant startedAt, Instant appliedAt, Instant verifiedAt, Instant runAt,
                          Instant deadlineAt, Instant finishedAt, String waitingFor, String detail) {
    }

    /** One RRset the service changed, before and after. */
    public record AuditView(long id, String purpose, String zone, String name, String type, long beforeTtl,
                            List<String> before, long afterTtl, List<String> after, String server, long serial,
                            Instant changedAt) {
    }

    @GET
    @Operation(summary = "The migration's DNS plan, progress and jobs (with timings)")
    public MigrationView get(@PathParam("id") String id) {
        UUID migrationId = parse(id);
        DnsMigration migration = DnsMigration.findById(migrationId);
        List<JobView> jobs = DnsJob.<DnsJob>list("migrationId = ?1 order by createdAt", migrationId).stream()
                .map(MigrationDnsResource::view).toList();
        if (migration == null && jobs.isEmpty()) {
            throw unknown(migrationId);
        }
        if (migration == null) {
            return new MigrationView(migrationId, null, false, null, null, null, null, null, null, List.of(), jobs);
        }
        List<ZoneView> zones = migration.plan.zones().stream().map(zone -> new ZoneView(zone.zone(), zone.ours(),
                zone.domains(), zone.servers().stream().map(NameServer::label).toList(), zone.changes().stream()
                .map(c -> new RrsetView(c.name(), c.type(), c.ttl(), c.before(), c.after())).toList())).toList();
        return new MigrationView(migrationId, migration.inspectedAt, migration.stale, migration.ttlLoweredAt,
                migration.ttlEffectiveAt, migration.switchedAt, migration.rolledBackAt, migration.externalNotifiedAt,
                migration.externalRemindedAt, zones, jobs);
    }

    @GET
    @Path("audit")
    @Operation(summary = "Every RRset the dns-service changed for the migration, before and after")
    public List<AuditView> audit(@PathParam("id") String id) {
        UUID migrationId = parse(id);
        if (DnsMigration.findById(migrationId) == null && DnsJob.count("migrationId", migrationId) == 0) {
            throw unknown(migrationId);
        }
        return AuditEntry.<AuditEntry>list("migrationId = ?1 order by id", migrationId).stream()
                .map(a -> new AuditView(a.id, a.purpose, a.zone, a.name, a.type, a.beforeTtl, a.beforeData,
                        a.afterTtl, a.afterData, a.server, a.serial, a.changedAt)).toList();
    }

    private static JobView view(DnsJob job) {
        return new JobView(job.id, job.kind.name(), job.state.name(), job.stage, job.attempts, job.createdAt,
                job.startedAt, job.progress == null ? null : job.progress.appliedAt(),
                job.progress == null ? null : job.progress.verifiedAt(), job.runAt, job.deadlineAt, job.finishedAt,
                job.progress == null ? null : job.progress.waitingFor(), job.detail);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Bad migration id", "id", "'" + id + "' is not a migration id; "
                    + "use the UUID the planner gave the migration");
        }
    }

    private static ProblemException unknown(UUID id) {
        return new ProblemException(404, "Unknown migration", "id", "the dns-service has no work recorded for "
                + "migration " + id + "; it knows a migration once the planner asked for a DNS step");
    }
}
