package io.hostmove.planner;

import io.hostmove.planner.persistence.Migration;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Fires the two waits of a migration: its appointment and the end of its aftercare window. */
@ApplicationScoped
public class Timers {

    @Inject
    MigrationService migrations;

    @Scheduled(every = "${hostmove.planner.timer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void fireDue() {
        Instant now = Instant.now();
        dueIn(Phase.AWAITING_CUTOVER, "cutoverAt", now)
                .forEach(id -> migrations.timerFired(id, new MigrationInput.AppointmentReached()));
        dueIn(Phase.AFTERCARE, "aftercareEndsAt", now)
                .forEach(id -> migrations.timerFired(id, new MigrationInput.AftercareEnded()));
    }

    @Transactional
    List<UUID> dueIn(Phase phase, String timeField, Instant now) {
        return Migration.<Migration>list("phase = ?1 and pauseCause is null and " + timeField + " <= ?2", phase, now)
                .stream().map(migration -> migration.id).toList();
    }
}
