package io.hostmove.planner;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.NoticeKind;
import io.hostmove.planner.Decision.Accepted;
import io.hostmove.planner.Decision.Refused;
import io.hostmove.planner.Effect.Advanced;
import io.hostmove.planner.Effect.Notify;
import io.hostmove.planner.Effect.RequestStep;
import io.hostmove.planner.MigrationInput.AftercareEnded;
import io.hostmove.planner.MigrationInput.AppointmentReached;
import io.hostmove.planner.MigrationInput.Cancel;
import io.hostmove.planner.MigrationInput.CustomerActionNeeded;
import io.hostmove.planner.MigrationInput.ExternalDnsConfirmed;
import io.hostmove.planner.MigrationInput.Pause;
import io.hostmove.planner.MigrationInput.Reschedule;
import io.hostmove.planner.MigrationInput.Resume;
import io.hostmove.planner.MigrationInput.Retry;
import io.hostmove.planner.MigrationInput.Rollback;
import io.hostmove.planner.MigrationInput.StepCompleted;
import io.hostmove.planner.MigrationInput.StepFailed;

import java.util.ArrayList;
import java.util.List;

/**
 * The migration state machine: pure, no I/O. It advances only on a completion, an operator's command or a
 * due timer, and says for every other input why it does not apply.
 */
public final class MigrationMachine {

    private MigrationMachine() {
    }

    /** A new migration starts with its inventory. */
    public static Accepted start() {
        return new Accepted(MigrationState.running(Phase.INVENTORY),
                List.of(new RequestStep(MigrationStep.INVENTORY)));
    }

    public static Decision decide(MigrationState state, MigrationInput input) {
        Phase phase = state.phase();
        if (phase.isTerminal()) {
            return new Refused("the migration is " + phase + "; nothing can change it any more");
        }
        if (input instanceof StepCompleted completed) {
            return completed(state, completed);
        }
        if (input instanceof StepFailed failed) {
            return failed(state, failed);
        }
        if (input instanceof CustomerActionNeeded needed) {
            return phase == Phase.DNS_SWITCH
                    ? new Accepted(state, List.of(new Notify(
                            needed.reminder() ? NoticeKind.ACTION_REMINDER : NoticeKind.ACTION_REQUIRED)))
                    : new Refused("customer DNS changes are only requested during " + Phase.DNS_SWITCH);
        }
        if (input instanceof ExternalDnsConfirmed) {
            return phase == Phase.DNS_SWITCH
                    ? enter(phase, phase.next())
                    : new Refused("customer DNS changes can only be confirmed during " + Phase.DNS_SWITCH);
        }
        if (input instanceof AppointmentReached) {
            return waitOver(state, Phase.AWAITING_CUTOVER);
        }
        if (input instanceof AftercareEnded) {
            return waitOver(state, Phase.AFTERCARE);
        }
        if (input instanceof Pause pause) {
            return pause(state, pause);
        }
        if (input instanceof Resume) {
            return resume(state);
        }
        if (input instanceof Retry) {
            return retry(state);
        }
        if (input instanceof Cancel cancel) {
            return cancel(state, cancel);
        }
        if (input instanceof Rollback) {
            return rollback(state);
        }
        if (input instanceof Reschedule reschedule) {
            return phase.isBeforeCutover()
                    ? new Accepted(state, rescheduleEffects(phase, reschedule))
                    : new Refused("the cut-over has already begun; the appointment can no longer move");
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    private static Decision completed(MigrationState state, StepCompleted completed) {
        Phase phase = state.phase();
        if (phase.step().filter(completed.step()::equals).isEmpty()) {
            return new Refused(completed.step() + " completed, but the migration is in " + phase
                    + (phase.step().map(s -> ", waiting for " + s).orElse("")));
        }
        if (completed.blocker() != null) {
            // Findings outrank an operator's hold: the operator must see them before anything moves on.
            return new Accepted(
                    MigrationState.paused(phase, PauseCause.BLOCKING_FINDINGS, completed.blocker(), true),
                    pausedEffects(phase, PauseCause.BLOCKING_FINDINGS, completed.blocker()));
        }
        if (state.isPaused()) {
            // The service finished before it heard of the pause: resuming moves on instead of repeating it.
            return new Accepted(MigrationState.paused(phase, state.pause().cause(), state.pause().reason(), true),
                    List.of());
        }
        return enter(phase, phase.next());
    }

    private static Decision failed(MigrationState state, StepFailed failed) {
        Phase phase = state.phase();
        if (phase.step().filter(failed.step()::equals).isEmpty()) {
            return new Refused(failed.step() + " failed, but the migration is in " + phase);
        }
        if (state.isPaused()) {
            // Typically the service stopping because of the pause; the hold and its reason stay as they are.
            return new Accepted(MigrationState.paused(phase, state.pause().cause(), state.pause().reason(), false),
                    List.of());
        }
        return new Accepted(MigrationState.paused(phase, PauseCause.FAILURE, failed.reason(), false),
                pausedEffects(phase, PauseCause.FAILURE, failed.reason()));
    }

    private static Decision waitOver(MigrationState state, Phase waitingPhase) {
        if (state.phase() != waitingPhase) {
            return new Refused("the migration is in " + state.phase() + ", not " + waitingPhase);
        }
        if (state.isPaused()) {
            return new Refused("the migration is paused in " + waitingPhase + "; resume it first");
        }
        return enter(waitingPhase, waitingPhase.next());
    }

    private static Decision pause(MigrationState state, Pause pause) {
        if (state.isPaused()) {
            return new Refused("the migration is already paused: " + state.pause().reason());
        }
        Phase phase = state.phase();
        return new Accepted(MigrationState.paused(phase, PauseCause.OPERATOR, pause.reason(), false),
                pausedEffects(phase, PauseCause.OPERATOR, pause.reason()));
    }

    private static Decision resume(MigrationState state) {
        if (!state.isPaused()) {
            return new Refused("the migration is not paused");
        }
        Phase phase = state.phase();
        if (state.pause().stepDone()) {
            List<Effect> effects = new ArrayList<>();
            effects.add(new Effect.Resumed(phase));
            effects.addAll(enter(phase, phase.next()).effects());
            return new Accepted(MigrationState.running(phase.next()), effects);
        }
        return rerun(phase);
    }

    private static Decision retry(MigrationState state) {
        if (!state.isPaused() || state.pause().cause() == PauseCause.OPERATOR) {
            return new Refused(state.isPaused()
                    ? "an operator paused " + state.phase() + " and no step failed; resume it instead"
                    : "no step failed in " + state.phase() + "; only a failed or finding-blocked step can be retried");
        }
        return rerun(state.phase());
    }

    private static Accepted rerun(Phase phase) {
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.Resumed(phase));
        phase.step().ifPresent(step -> effects.add(new RequestStep(step)));
        return new Accepted(MigrationState.running(phase), effects);
    }

    private static Decision cancel(MigrationState state, Cancel cancel) {
        Phase phase = state.phase();
        if (!phase.isBeforeCutover()) {
            return new Refused(phase.isRollbackable()
                    ? "the cut-over has begun; roll the migration back instead of cancelling it"
                    : "the migration is in " + phase + "; it can no longer be cancelled");
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.Cancelled(cancel.reason()));
        if (phase.isAnnounced()) {
            effects.add(new Notify(NoticeKind.CANCELLED));
        }
        return new Accepted(MigrationState.running(Phase.CANCELLED), effects);
    }

    private static Decision rollback(MigrationState state) {
        Phase phase = state.phase();
        if (!phase.isRollbackable()) {
            if (phase.isBeforeCutover()) {
                return new Refused("nothing has moved yet; cancel the migration instead of rolling it back");
            }
            return new Refused(phase == Phase.TRANSFER_ROLLBACK || phase == Phase.DNS_ROLLBACK
                    ? "a rollback is already running (" + phase + ")"
                    : "the migration is in " + phase + "; a rollback is possible from the cut-over until the "
                    + "aftercare window ends");
        }
        if (phase == Phase.CUTOVER && !state.isPaused()) {
            return new Refused("the cut-over is running; pause it first, then roll back");
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(new Advanced(phase, Phase.TRANSFER_ROLLBACK));
        effects.add(new RequestStep(MigrationStep.TRANSFER_ROLLBACK));
        return new Accepted(MigrationState.running(Phase.TRANSFER_ROLLBACK), effects);
    }

    /** A hold is announced; where the customer already saw the move begin, they are told of it too. */
    private static List<Effect> pausedEffects(Phase phase, PauseCause cause, String reason) {
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.Paused(phase, cause, reason));
        if (phase.isCustomerVisible()) {
            effects.add(new Notify(NoticeKind.PAUSED));
        }
        return effects;
    }

    private static List<Effect> rescheduleEffects(Phase phase, Reschedule reschedule) {
        List<Effect> effects = new ArrayList<>();
        effects.add(new Effect.Rescheduled(reschedule.from(), reschedule.to()));
        if (phase.isAnnounced()) {
            effects.add(new Notify(NoticeKind.ANNOUNCEMENT));
        }
        return effects;
    }

    /** Moving into {@code to}: announce it, tell the customer where that is due, and request its step. */
    private static Accepted enter(Phase from, Phase to) {
        List<Effect> effects = new ArrayList<>();
        effects.add(new Advanced(from, to));
        switch (to) {
            case TTL_PREPARATION -> effects.add(new Notify(NoticeKind.ANNOUNCEMENT));
            case CUTOVER -> effects.add(new Notify(NoticeKind.STARTED));
            case AFTERCARE -> effects.add(new Notify(NoticeKind.DONE));
            case COMPLETED -> effects.add(new Effect.Completed());
            case ROLLED_BACK -> {
                effects.add(new Effect.RolledBack());
                effects.add(new Notify(NoticeKind.ROLLED_BACK));
            }
            default -> {
                // Other phases only request their step.
            }
        }
        to.step().ifPresent(step -> effects.add(new RequestStep(step)));
        return new Accepted(MigrationState.running(to), effects);
    }
}
