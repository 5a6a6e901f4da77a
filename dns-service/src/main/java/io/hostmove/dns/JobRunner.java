package io.hostmove.dns;

import io.hostmove.dns.config.DnsConfig;
import io.hostmove.dns.persistence.DnsJob;
import io.hostmove.dns.persistence.DnsJob.Kind;
import io.hostmove.dns.persistence.DnsJob.State;
import io.hostmove.dns.persistence.JobProgress;
import io.hostmove.events.DnsResult.DnsStepFailed;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.MigrationStep;
import io.hostmove.events.messaging.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs the DNS jobs from their PostgreSQL table on a few worker threads, one job per migration at a time. A job
 * that waits (for servers to catch up, for the customer, for a settling period) is a row with a later run_at,
 * not a sleeping thread, so nothing waits on the Kafka consumer and a restart loses nothing.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Any constant works; it only has to be the same in every instance of the service. */
    private static final long CLAIM_LOCK = 0x646e736a6f62L;
    private static final Set<Kind> STEPS = Set.of(Kind.INSPECT, Kind.PREPARE_TTL, Kind.SWITCH, Kind.ROLLBACK);

    @Inject
    DnsConfig config;

    @Inject
    DnsSteps steps;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    private final Semaphore wakeUp = new Semaphore(0);
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        int requeued = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "update dns_job set state = 'QUEUED', run_at = now(), "
                        + "detail = 'interrupted by a restart; running it again' where state = 'RUNNING'")
                .executeUpdate());
        if (requeued > 0) {
            LOG.infof("%d DNS job(s) were running when the service stopped; running them again", requeued);
        }
        running = true;
        int count = config.jobs().workers();
        workers = Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "dns-worker");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < count; i++) {
            workers.submit(this::work);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release(config.jobs().workers());
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a requested step in the caller's transaction; it replaces the migration's unfinished steps. */
    public void enqueue(UUID migrationId, Kind kind, MigrationStep step, UUID requestEventId, String requestJson) {
        cancel(migrationId, STEPS, Instant.now(), "superseded by a new " + step + " request");
        if (kind == Kind.ROLLBACK) {
            cancel(migrationId, Set.of(Kind.RESTORE_TTL), Instant.now(), "a rollback replaces the pending TTL restore");
        }
        DnsJob job = newJob(migrationId, kind, Instant.now());
        job.step = step;
        job.requestEventId = requestEventId;
        job.request = requestJson;
        job.persist();
    }

    /** Schedules a TTL restore in the caller's transaction, replacing one that is still pending. */
    public void scheduleRestore(UUID migrationId, UUID causationId, Instant at, boolean switched) {
        cancel(migrationId, Set.of(Kind.RESTORE_TTL), Instant.now(), "replaced by a newer TTL restore");
        DnsJob job = newJob(migrationId, Kind.RESTORE_TTL, at);
        job.requestEventId = causationId;
        job.progress = JobProgress.restore(switched);
        job.persist();
    }

    /**
     * Stops the migration's jobs of {@code kinds} queued before {@code before} (the lifecycle fact's time: a
     * request that came after it, e.g. on resume, stays), in the caller's transaction. A tick already running
     * finishes its DNS work but publishes nothing.
     */
    public int stop(UUID migrationId, Set<Kind> kinds, Instant before, String why) {
        return cancel(migrationId, kinds, before, why);
    }

    /** The kinds that are steps the planner requested (a TTL restore is housekeeping and survives a pause). */
    public static Set<Kind> steps() {
        return STEPS;
    }

    /** Something was committed that a worker should look at now. */
    public void wake() {
        wakeUp.release(config.jobs().workers());
    }

    private static DnsJob newJob(UUID migrationId, Kind kind, Instant runAt) {
        DnsJob job = new DnsJob();
        job.id = UUID.randomUUID();
        job.migrationId = migrationId;
        job.kind = kind;
        job.state = State.QUEUED;
        job.stage = DnsSteps.APPLY;
        job.runAt = runAt;
        job.createdAt = Instant.now();
        job.progress = JobProgress.empty();
        return job;
    }

    private int cancel(UUID migrationId, Set<Kind> kinds, Instant before, String why) {
        return DnsJob.update("state = ?1, detail = ?2, finishedAt = ?3 where migrationId = ?4 and kind in ?5 "
                        + "and state in ?6 and createdAt <= ?7", State.CANCELLED, why, Instant.now(), migrationId,
                kinds, List.of(State.QUEUED, State.RUNNING), before);
    }

    private void work() {
        while (running) {
            try {
                Optional<DnsJob> claimed = claim();
                if (claimed.isPresent()) {
                    execute(claimed.get());
                } else if (wakeUp.tryAcquire(config.jobs().pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "DNS worker hit an unexpected error; continuing");
            }
        }
    }

    private Optional<DnsJob> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Claims are serialised so that two workers never pick two jobs of one migration at once.
            entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, CLAIM_LOCK)
                    .getSingleResult();
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery("""
                    select q.id from dns_job q
                    where q.state = 'QUEUED' and q.run_at <= now()
                      and not exists (select 1 from dns_job r
                                      where r.migration_id = q.migration_id and r.state = 'RUNNING')
                    order by q.run_at
                    limit 20""", UUID.class).getResultList();
            for (UUID id : ids) {
                DnsJob job = DnsJob.findById(id);
                // A cancelled tick may still be finishing here: its migration waits for it.
                if (busy.add(job.migrationId)) {
                    job.state = State.RUNNING;
                    job.attempts++;
                    if (job.startedAt == null) {
                        job.startedAt = Instant.now();
                    }
                    return Optional.of(job);
                }
            }
            return Optional.empty();
        });
    }

    private void execute(DnsJob job) {
        Tick tick;
        try {
            tick = steps.run(job);
        } catch (DnsStepException e) {
            LOG.warnf("%s of migration %s failed: %s", job.kind, job.migrationId, e.getMessage());
            tick = Tick.failed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of migration %s failed unexpectedly", job.kind, job.migrationId);
            tick = Tick.failed("unexpected error in the dns-service: " + e);
        } finally {
            busy.remove(job.migrationId);
        }
        finish(job.id, tick);
    }

    private void finish(UUID jobId, Tick tick) {
        boolean dueNow = QuarkusTransaction.requiringNew().call(() -> {
            DnsJob job = entityManager.find(DnsJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
            if (job.state != State.RUNNING) {
                LOG.infof("%s of migration %s was stopped (%s); its outcome is dropped", job.kind, job.migrationId,
                        job.detail);
                return false;
            }
            tick.effects().run();
            for (HostmoveEvent event : tick.events()) {
                outbox.publish(job.migrationId, job.requestEventId, event);
            }
            if (tick instanceof Tick.Again again) {
                job.state = State.QUEUED;
                job.stage = again.stage();
                job.runAt = again.runAt();
                job.deadlineAt = again.deadlineAt();
                job.progress = again.progress();
                return !again.runAt().isAfter(Instant.now());
            }
            job.finishedAt = Instant.now();
            if (tick instanceof Tick.Failed failed) {
                job.state = State.FAILED;
                job.detail = failed.reason();
                if (job.step != null) {
                    outbox.publish(job.migrationId, job.requestEventId, new DnsStepFailed(job.step, failed.reason()));
                } else {
                    LOG.warnf("%s of migration %s failed: %s", job.kind, job.migrationId, failed.reason());
                }
            } else {
                job.state = State.DONE;
                job.detail = null;
            }
            return false;
        });
        if (dueNow) {
            wake();
        }
    }
}
