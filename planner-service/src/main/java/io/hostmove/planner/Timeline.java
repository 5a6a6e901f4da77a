package io.hostmove.planner;

import io.hostmove.planner.MigrationInput.Cancel;
import io.hostmove.planner.MigrationInput.Pause;
import io.hostmove.planner.MigrationInput.Rollback;
import io.hostmove.planner.MigrationInput.StepCompleted;
import io.hostmove.planner.MigrationInput.StepFailed;
import io.hostmove.planner.persistence.PhaseRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Keeps the phase runs of a migration in step with its transitions. */
@ApplicationScoped
public class Timeline {

    /** The first run, of the phase a new migration starts in. */
    public void begin(UUID migrationId, Phase phase, String trigger, Instant now) {
        start(migrationId, phase, trigger, now);
    }

    /**
     * Records what a transition means for the runs: the open run ends when the phase is left or paused, and a
     * new run starts when a phase is entered or a paused one resumes.
     */
    public void record(UUID migrationId, MigrationState before, MigrationState after, MigrationInput input,
                       String trigger, Instant now) {
        boolean leaving = before.phase() != after.phase();
        boolean pausing = !before.isPaused() && after.isPaused();
        boolean restarting = before.isPaused() && !after.isPaused() && !leaving;
        if (leaving || pausing) {
            PhaseRun.endOpen(migrationId, result(input), detail(input, after), trigger, now);
        } else if (before.isPaused() && input instanceof StepCompleted) {
            // The step finished after the pause ended its run: the run did complete after all.
            PhaseRun.latest(migrationId).ifPresent(run -> end(run, "COMPLETED", null, trigger, now));
        }
        if (leaving || restarting) {
            start(migrationId, after.phase(), trigger, now);
        }
    }

    private static void start(UUID migrationId, Phase phase, String trigger, Instant now) {
        PhaseRun run = new PhaseRun();
        run.migrationId = migrationId;
        run.phase = phase;
        run.startedAt = now;
        run.startedBy = trigger;
        run.persist();
    }

    private static void end(PhaseRun run, String result, String detail, String trigger, Instant now) {
        run.endedAt = now;
        run.endedBy = trigger;
        run.result = result;
        run.detail = detail;
    }

    private static String result(MigrationInput input) {
        if (input instanceof StepFailed) {
            return "FAILED";
        }
        if (input instanceof Pause) {
            return "PAUSED";
        }
        if (input instanceof Cancel) {
            return "CANCELLED";
        }
        if (input instanceof Rollback) {
            return "ROLLED_BACK";
        }
        return "COMPLETED";
    }

    private static String detail(MigrationInput input, MigrationState after) {
        if (input instanceof StepFailed failed) {
            return failed.reason();
        }
        if (input instanceof Pause pause) {
            return pause.reason();
        }
        if (input instanceof Cancel cancel) {
            return cancel.reason();
        }
        return after.isPaused() ? after.pause().reason() : null;
    }
}
