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

    /** A migration whose wait is over, and the phase it waits in. */
    record Due(UUID id, Phase phase) {
    }

    @Inject
    MigrationService migrations;

    @Scheduled(every = "${hostmove.planner.timer-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void fireDue() {
        for (Due due : due(Instant.now())) {
            migrations.timerFired(due.id(), due.phase() == Phase.AFTERCARE ? new MigrationInput.AftercareEnded()
                    : new MigrationInput.AppointmentReached());
        }
    }

    /** One light query each tick (ids and phases, no entities): it runs every second on every planner. */
    @Transactional
    List<Due> due(Instant now) {
        return Migration.getEntityManager().createQuery("""
                        select m.id, m.phase from Migration m
                        where m.pauseCause is null
                          and ((m.phase = :awaiting and m.cutoverAt <= :now)
                            or (m.phase = :aftercare and m.aftercareEndsAt <= :now))""", Object[].class)
                .setParameter("awaiting", Phase.AWAITING_CUTOVER)
                .setParameter("aftercare", Phase.AFTERCARE)
                .setParameter("now", now)
                .getResultStream()
                .map(row -> new Due((UUID) row[0], (Phase) row[1]))
                .toList();
    }
}
