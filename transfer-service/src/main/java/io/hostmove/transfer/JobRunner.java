package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferRequest;
import io.hostmove.events.TransferResult;
import io.hostmove.events.TransferResult.TransferStepFailed;
import io.hostmove.events.messaging.Outbox;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.persistence.TransferJob;
import io.hostmove.transfer.persistence.TransferJob.State;
import io.hostmove.transfer.ssh.SshConnector;
import io.hostmove.transfer.ssh.StepCancelledException;
import io.hostmove.transfer.steps.MailCatchUp;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs queued steps on a few worker threads, one step per migration at a time, and records each result with
 * its event in one transaction. Between steps the workers run the due mail catch-up passes, never alongside a
 * step of the same migration. Steps and passes that were running when the service stopped run again at start-up.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Claims of steps and of catch-up passes take turns, so that one migration never gets both at once. */
    private static final long CLAIM_LOCK = 0x686d2d636c61696dL;

    @Inject
    TransferConfig config;

    @Inject
    SshConnector connector;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    Instance<TransferStep<?>> steps;

    @Inject
    MailCatchUp mailCatchUp;

    private final Semaphore wakeUp = new Semaphore(0);
    private final Map<UUID, StepContext> runningByMigration = new ConcurrentHashMap<>();
    private Map<Class<?>, TransferStep<?>> stepByRequest;
    private ExecutorService workers;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        stepByRequest = steps.stream().collect(Collectors.toMap(TransferStep::handles, step -> step));
        int requeued = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "update transfer_job set state = 'QUEUED', detail = 'interrupted by a restart; running it again' "
                        + "where state = 'RUNNING'").executeUpdate());
        if (requeued > 0) {
            LOG.infof("%d step(s) were running when the service stopped; running them again", requeued);
        }
        int passes = mailCatchUp.recover();
        if (passes > 0) {
            LOG.infof("%d mail catch-up pass(es) were running when the service stopped; running them again", passes);
        }
        running = true;
        workers = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "transfer-worker");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < config.concurrency(); i++) {
            workers.submit(this::work);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release(config.concurrency());
        runningByMigration.values().forEach(StepContext::cancel);
        workers.shutdownNow();
    }

    /** Queues a requested step in the caller's transaction (with its processed-event record). */
    public void enqueue(UUID migrationId, UUID requestEventId, String requestType, String requestJson,
                        MigrationStep step) {
        TransferJob job = new TransferJob();
        job.id = UUID.randomUUID();
        job.migrationId = migrationId;
        job.step = step;
        job.requestEventId = requestEventId;
        job.requestType = requestType;
        job.request = requestJson;
        job.state = State.QUEUED;
        job.createdAt = Instant.now();
        job.persist();
    }

    /** New work was committed. */
    public void wake() {
        wakeUp.release(config.concurrency());
    }

    /** Stops the migration's queued and running steps (in the caller's transaction for the queued ones). */
    public void stopMigration(UUID migrationId, String why) {
        TransferJob.update("state = ?1, detail = ?2, finishedAt = ?3 where migrationId = ?4 and state = ?5",
                State.CANCELLED, why, Instant.now(), migrationId, State.QUEUED);
        Optional.ofNullable(runningByMigration.get(migrationId)).ifPresent(StepContext::cancel);
    }

    private void work() {
        while (running) {
            try {
                Optional<UUID> claimed = claim();
                Optional<UUID> pass = claimed.isPresent() ? Optional.empty() : claimPass();
                if (claimed.isPresent()) {
                    execute(claimed.get());
                } else if (pass.isPresent()) {
                    catchUp(pass.get());
                } else if (wakeUp.tryAcquire(1, TimeUnit.SECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "transfer worker hit an unexpected error; continuing");
            }
        }
    }

    private Optional<UUID> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            takeClaimTurn();
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery("""
                    update transfer_job set state = 'RUNNING', started_at = now(), attempts = attempts + 1
                    where id = (select id from transfer_job q
                                where q.state = 'QUEUED'
                                  and not exists (select 1 from transfer_job r
                                                  where r.migration_id = q.migration_id and r.state = 'RUNNING')
                                  and not exists (select 1 from mail_catchup c
                                                  where c.migration_id = q.migration_id
                                                    and c.running_since is not null)
                                order by q.created_at
                                for update skip locked
                                limit 1)
                    returning id""", UUID.class).getResultList();
            return ids.stream().findFirst();
        });
    }

    private Optional<UUID> claimPass() {
        return QuarkusTransaction.requiringNew().call(() -> {
            takeClaimTurn();
            return mailCatchUp.claimDue();
        });
    }

    private void takeClaimTurn() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, CLAIM_LOCK)
                .getSingleResult();
    }

    private void catchUp(UUID migrationId) {
        StepContext context = new StepContext(migrationId, null, connector, Progress.NONE);
        runningByMigration.put(migrationId, context);
        try {
            mailCatchUp.runClaimed(migrationId, context);
        } finally {
            runningByMigration.remove(migrationId);
            context.finished();
            context.close();
        }
    }

    private void execute(UUID jobId) {
        TransferJob job = QuarkusTransaction.requiringNew().call(() -> TransferJob.<TransferJob>findById(jobId));
        TransferRequest request = job.request();
        Progress progress = new Progress(job.step, config.progressInterval(), event -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> outbox.publish(job.migrationId, job.requestEventId, event));
            } catch (RuntimeException e) {
                // Progress is a courtesy: the copy goes on, the next report may get through.
                LOG.warnf("could not record progress of %s for migration %s: %s", job.step, job.migrationId,
                        e.getMessage());
            }
        }, System::nanoTime);
        StepContext context = new StepContext(job.migrationId, job.step, connector, progress);
        runningByMigration.put(job.migrationId, context);
        TransferResult result;
        State state;
        String detail;
        try {
            result = run(request, context);
            state = State.DONE;
            detail = null;
        } catch (StepCancelledException e) {
            context.finished();
            LOG.infof("%s of migration %s stopped: %s", job.step, job.migrationId, e.getMessage());
            finish(jobId, State.CANCELLED, e.getMessage(), null);
            return;
        } catch (RuntimeException e) {
            LOG.warnf("%s of migration %s failed: %s", job.step, job.migrationId, e.getMessage());
            result = new TransferStepFailed(job.step, e.getMessage() == null ? e.toString() : e.getMessage());
            state = State.FAILED;
            detail = e.getMessage();
        } finally {
            runningByMigration.remove(job.migrationId);
            context.finished();
            context.close();
        }
        finish(jobId, state, detail, result);
    }

    @SuppressWarnings("unchecked")
    private <R extends TransferRequest> TransferResult run(R request, StepContext context) {
        TransferStep<R> step = (TransferStep<R>) stepByRequest.get(request.getClass());
        if (step == null) {
            throw new IllegalStateException("no step handles " + request.getClass().getSimpleName());
        }
        return step.run(request, context);
    }

    private void finish(UUID jobId, State state, String detail, TransferResult result) {
        QuarkusTransaction.requiringNew().run(() -> {
            TransferJob job = TransferJob.findById(jobId);
            if (job.state == State.CANCELLED) {
                return;
            }
            job.state = state;
            job.detail = detail;
            job.finishedAt = Instant.now();
            if (result != null) {
                outbox.publish(job.migrationId, job.requestEventId, result);
            }
        });
    }
}
