package io.hostmove.planner;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.NoticeKind;
import io.hostmove.planner.Decision.Accepted;
import io.hostmove.planner.Decision.Refused;
import io.hostmove.planner.Effect.Advanced;
import io.hostmove.planner.Effect.Cancelled;
import io.hostmove.planner.Effect.Completed;
import io.hostmove.planner.Effect.Notify;
import io.hostmove.planner.Effect.RequestStep;
import io.hostmove.planner.Effect.Rescheduled;
import io.hostmove.planner.Effect.Resumed;
import io.hostmove.planner.Effect.RolledBack;
import io.hostmove.planner.MigrationInput.AftercareEnded;
import io.hostmove.planner.MigrationInput.AppointmentReached;
import io.hostmove.planner.MigrationInput.Cancel;
import io.hostmove.planner.MigrationInput.CustomerActionNeeded;
import io.hostmove.planner.MigrationInput.ExternalDnsConfirmed;
import io.hostmove.planner.MigrationInput.Reschedule;
import io.hostmove.planner.MigrationInput.Resume;
import io.hostmove.planner.MigrationInput.Retry;
import io.hostmove.planner.MigrationInput.Rollback;
import io.hostmove.planner.MigrationInput.StepCompleted;
import io.hostmove.planner.MigrationInput.StepFailed;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.hostmove.planner.PauseCause.BLOCKING_FINDINGS;
import static io.hostmove.planner.PauseCause.FAILURE;
import static io.hostmove.planner.PauseCause.OPERATOR;
import static io.hostmove.planner.Phase.AFTERCARE;
import static io.hostmove.planner.Phase.AWAITING_CUTOVER;
import static io.hostmove.planner.Phase.CANCELLED;
import static io.hostmove.planner.Phase.COMPLETED;
import static io.hostmove.planner.Phase.CUTOVER;
import static io.hostmove.planner.Phase.DNS_INSPECTION;
import static io.hostmove.planner.Phase.DNS_ROLLBACK;
import static io.hostmove.planner.Phase.DNS_SWITCH;
import static io.hostmove.planner.Phase.FINALISING;
import static io.hostmove.planner.Phase.INVENTORY;
import static io.hostmove.planner.Phase.PRE_COPY;
import static io.hostmove.planner.Phase.ROLLED_BACK;
import static io.hostmove.planner.Phase.TRANSFER_ROLLBACK;
import static io.hostmove.planner.Phase.TTL_PREPARATION;
import static io.hostmove.planner.Phase.VERIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The specification of {@link MigrationMachine}, written as given (a state) / when (an input) / expect (the exact
 * next state and the exact, ordered effects, or a refusal with a reason).
 *
 * <p>The expectations are spelled out in tables in this class rather than derived from {@link Phase}, so that a
 * change to the phase model shows up here as a failing line of the spec.
 */
@DisplayName("The migration state machine")
class MigrationMachineTest {

    /** Lets parameterised tests in nested classes use the shared sources of this class. */
    private static final String SPEC = "io.hostmove.planner.MigrationMachineTest#";

    // ---------------------------------------------------------------------------------------------------------
    // The vocabulary of the spec
    // ---------------------------------------------------------------------------------------------------------

    private static final String OPERATOR_REASON = "customer asked to wait until the shop's sale is over";
    private static final String FAILURE_REASON =
            "rsync exited 23: some files/attrs were not transferred (see previous errors) — ÆØÅ \"quoted\"";
    private static final String SECOND_FAILURE_REASON = "disk quota exceeded on the new host (98 %)";
    private static final String BLOCKER = "blocking findings: shop.example: PHP 5.6 is not offered on the new host";
    private static final String CANCEL_REASON = "customer is moving to another provider";
    private static final Instant OLD_APPOINTMENT = Instant.parse("2025-03-01T02:00:00Z");
    private static final Instant NEW_APPOINTMENT = Instant.parse("2025-03-08T02:00:00Z");

    /** The step each phase asks a service to perform; phases not listed only wait or have ended. */
    private static final Map<Phase, MigrationStep> STEP_OF = new EnumMap<>(Map.of(
            INVENTORY, MigrationStep.INVENTORY,
            DNS_INSPECTION, MigrationStep.DNS_INSPECTION,
            TTL_PREPARATION, MigrationStep.TTL_PREPARATION,
            PRE_COPY, MigrationStep.PRE_COPY,
            CUTOVER, MigrationStep.CUTOVER,
            DNS_SWITCH, MigrationStep.DNS_SWITCH,
            VERIFICATION, MigrationStep.VERIFICATION,
            FINALISING, MigrationStep.FINALISE,
            TRANSFER_ROLLBACK, MigrationStep.TRANSFER_ROLLBACK,
            DNS_ROLLBACK, MigrationStep.DNS_ROLLBACK));

    private static final Set<Phase> TERMINAL = EnumSet.of(COMPLETED, ROLLED_BACK, CANCELLED);
    private static final Set<Phase> NON_TERMINAL = EnumSet.complementOf(EnumSet.copyOf(TERMINAL));
    private static final Set<Phase> WAITING = EnumSet.of(AWAITING_CUTOVER, AFTERCARE);
    private static final Set<Phase> CUSTOMER_VISIBLE = EnumSet.of(CUTOVER, DNS_SWITCH, VERIFICATION);
    private static final Set<Phase> NOT_YET_ANNOUNCED = EnumSet.of(INVENTORY, DNS_INSPECTION);
    private static final Set<Phase> ANNOUNCED_BEFORE_CUTOVER = EnumSet.of(TTL_PREPARATION, PRE_COPY, AWAITING_CUTOVER);
    private static final Set<Phase> BEFORE_CUTOVER = union(NOT_YET_ANNOUNCED, ANNOUNCED_BEFORE_CUTOVER);
    private static final Set<Phase> FROM_CUTOVER_ON = minus(NON_TERMINAL, BEFORE_CUTOVER);
    /** Where an operator may switch the account back without pausing first. */
    private static final Set<Phase> ROLLBACK_ANY_TIME = EnumSet.of(DNS_SWITCH, VERIFICATION, AFTERCARE);
    private static final Set<Phase> NO_ROLLBACK_AFTER_CUTOVER = EnumSet.of(FINALISING, TRANSFER_ROLLBACK, DNS_ROLLBACK);

    /** What leaving a phase normally (its step completed, or its wait is over) does. */
    private record Advance(Phase from, Phase to, List<Effect> effects) {
    }

    private static final Map<Phase, Advance> ADVANCE_FROM = Stream.of(
                    advance(INVENTORY, DNS_INSPECTION, request(MigrationStep.DNS_INSPECTION)),
                    advance(DNS_INSPECTION, TTL_PREPARATION,
                            tell(NoticeKind.ANNOUNCEMENT), request(MigrationStep.TTL_PREPARATION)),
                    advance(TTL_PREPARATION, PRE_COPY, request(MigrationStep.PRE_COPY)),
                    advance(PRE_COPY, AWAITING_CUTOVER),
                    advance(AWAITING_CUTOVER, CUTOVER, tell(NoticeKind.STARTED), request(MigrationStep.CUTOVER)),
                    advance(CUTOVER, DNS_SWITCH, request(MigrationStep.DNS_SWITCH)),
                    advance(DNS_SWITCH, VERIFICATION, request(MigrationStep.VERIFICATION)),
                    advance(VERIFICATION, AFTERCARE, tell(NoticeKind.DONE)),
                    advance(AFTERCARE, FINALISING, request(MigrationStep.FINALISE)),
                    advance(FINALISING, COMPLETED, new Completed()),
                    advance(TRANSFER_ROLLBACK, DNS_ROLLBACK, request(MigrationStep.DNS_ROLLBACK)),
                    advance(DNS_ROLLBACK, ROLLED_BACK, new RolledBack(), tell(NoticeKind.ROLLED_BACK)))
            .collect(Collectors.toMap(Advance::from, a -> a, (a, b) -> a, () -> new EnumMap<>(Phase.class)));

    /** One instance of every kind of input. */
    private static final List<MigrationInput> ONE_OF_EACH_INPUT = List.of(
            new StepCompleted(MigrationStep.FINALISE),
            new StepFailed(MigrationStep.FINALISE, FAILURE_REASON),
            new CustomerActionNeeded(false),
            new ExternalDnsConfirmed(),
            new AppointmentReached(),
            new AftercareEnded(),
            new MigrationInput.Pause(OPERATOR_REASON),
            new Resume(),
            new Retry(),
            new Cancel(CANCEL_REASON),
            new Rollback(true),
            new Reschedule(OLD_APPOINTMENT, NEW_APPOINTMENT));

    // ---------------------------------------------------------------------------------------------------------
    // given / when / expect
    // ---------------------------------------------------------------------------------------------------------

    private static Given given(Phase phase) {
        return new Given(running(phase));
    }

    private static Given givenPaused(Phase phase, PauseCause cause, boolean stepDone) {
        return new Given(paused(phase, cause, stepDone));
    }

    private static Given given(MigrationState state) {
        return new Given(state);
    }

    private record Given(MigrationState state) {

        When when(MigrationInput input) {
            return new When(state, input, MigrationMachine.decide(state, input));
        }
    }

    private record When(MigrationState given, MigrationInput input, Decision decision) {

        When expect(MigrationState next, Effect... effects) {
            return expect(next, List.of(effects));
        }

        When expect(MigrationState next, List<Effect> effects) {
            Accepted accepted = accepted();
            assertThat(accepted.next()).as("next state after %s in %s", input, given).isEqualTo(next);
            if (effects.isEmpty()) {
                assertThat(accepted.effects()).as("effects of %s in %s", input, given).isEmpty();
            } else {
                assertThat(accepted.effects()).as("effects of %s in %s", input, given)
                        .containsExactly(effects.toArray(Effect[]::new));
            }
            return this;
        }

        /** Expects the state to stay as it was, with exactly these effects. */
        When expectUnchanged(Effect... effects) {
            return expect(given, effects);
        }

        /** Expects a refusal with a non-blank reason, and hands the reason on for more expectations. */
        AbstractStringAssert<?> expectRefused() {
            assertThat(decision).as("decision on %s in %s", input, given).isInstanceOf(Refused.class);
            String reason = ((Refused) decision).reason();
            assertThat(reason).as("reason for refusing %s in %s", input, given).isNotBlank();
            return assertThat(reason).as("reason for refusing %s in %s", input, given);
        }

        /** Continues the story from the state this decision led to. */
        Given then() {
            return new Given(accepted().next());
        }

        Accepted accepted() {
            assertThat(decision).as("decision on %s in %s", input, given).isInstanceOf(Accepted.class);
            return (Accepted) decision;
        }
    }

    private static MigrationState running(Phase phase) {
        return MigrationState.running(phase);
    }

    private static MigrationState paused(Phase phase, PauseCause cause, boolean stepDone) {
        return MigrationState.paused(phase, cause, reasonFor(cause), stepDone);
    }

    private static String reasonFor(PauseCause cause) {
        return switch (cause) {
            case OPERATOR -> OPERATOR_REASON;
            case FAILURE -> FAILURE_REASON;
            case BLOCKING_FINDINGS -> BLOCKER;
        };
    }

    private static RequestStep request(MigrationStep step) {
        return new RequestStep(step);
    }

    private static Notify tell(NoticeKind kind) {
        return new Notify(kind);
    }

    private static Advanced advanced(Phase from, Phase to) {
        return new Advanced(from, to);
    }

    private static Effect.Paused pausedEffect(Phase phase, PauseCause cause, String reason) {
        return new Effect.Paused(phase, cause, reason);
    }

    private static StepCompleted completed(Phase phase) {
        return new StepCompleted(STEP_OF.get(phase));
    }

    private static Advance advance(Phase from, Phase to, Effect... entering) {
        List<Effect> effects = new ArrayList<>();
        effects.add(advanced(from, to));
        effects.addAll(List.of(entering));
        return new Advance(from, to, List.copyOf(effects));
    }

    private static List<Effect> concat(List<? extends Effect> first, List<? extends Effect> second) {
        List<Effect> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Set<Phase> union(Set<Phase> a, Set<Phase> b) {
        EnumSet<Phase> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }

    private static Set<Phase> minus(Set<Phase> a, Set<Phase> b) {
        EnumSet<Phase> rest = EnumSet.copyOf(a);
        rest.removeAll(b);
        return rest;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared parameter sources
    // ---------------------------------------------------------------------------------------------------------

    /** Every way a migration can be held in {@code phase}. */
    private static List<MigrationState> pausedVariants(Phase phase) {
        List<MigrationState> states = new ArrayList<>();
        states.add(paused(phase, OPERATOR, false));
        if (STEP_OF.containsKey(phase)) {
            states.add(paused(phase, OPERATOR, true));
            states.add(paused(phase, FAILURE, false));
            states.add(paused(phase, BLOCKING_FINDINGS, true));
        }
        return states;
    }

    private static String label(MigrationState state) {
        if (!state.isPaused()) {
            return state.phase() + " (running)";
        }
        return state.phase() + " (paused by " + state.pause().cause()
                + (state.pause().stepDone() ? ", step already done" : "") + ")";
    }

    private static Named<MigrationState> named(MigrationState state) {
        return Named.of(label(state), state);
    }

    private static Stream<Named<MigrationState>> runningOrPaused(Collection<Phase> phases) {
        return phases.stream()
                .flatMap(phase -> Stream.concat(Stream.of(running(phase)), pausedVariants(phase).stream()))
                .map(MigrationMachineTest::named);
    }

    private static Stream<Named<MigrationState>> pausedIn(Collection<Phase> phases) {
        return phases.stream().flatMap(phase -> pausedVariants(phase).stream()).map(MigrationMachineTest::named);
    }

    static Stream<Phase> stepPhases() {
        return STEP_OF.keySet().stream();
    }

    static Stream<Phase> nonTerminalPhases() {
        return NON_TERMINAL.stream();
    }

    static Stream<Phase> quietPhases() {
        return minus(NON_TERMINAL, CUSTOMER_VISIBLE).stream();
    }

    static Stream<Phase> customerVisiblePhases() {
        return CUSTOMER_VISIBLE.stream();
    }

    /** Each phase with a step, and where its completion leads. */
    static Stream<Named<Advance>> stepAdvances() {
        return STEP_OF.keySet().stream().map(ADVANCE_FROM::get)
                .map(a -> Named.of(a.from() + " → " + a.to(), a));
    }

    static Stream<Named<MigrationState>> everyPausedState() {
        return pausedIn(NON_TERMINAL);
    }

    /** A step phase with each pause in which its step has not completed yet. */
    static Stream<Named<MigrationState>> pausedBeforeStepDone() {
        return STEP_OF.keySet().stream()
                .flatMap(phase -> Stream.of(paused(phase, OPERATOR, false), paused(phase, FAILURE, false)))
                .map(MigrationMachineTest::named);
    }

    /** A step phase with each pause in which its step has completed already. */
    static Stream<Named<MigrationState>> pausedAfterStepDone() {
        return STEP_OF.keySet().stream()
                .flatMap(phase -> Stream.of(paused(phase, OPERATOR, true), paused(phase, FAILURE, true),
                        paused(phase, BLOCKING_FINDINGS, true)))
                .map(MigrationMachineTest::named);
    }

    /**
     * Every phase with every step that is not its own: running in any phase, and also paused in the phases that
     * can be paused.
     */
    static Stream<Arguments> foreignSteps() {
        return Arrays.stream(Phase.values()).flatMap(phase -> {
            List<MigrationState> states = new ArrayList<>();
            states.add(running(phase));
            if (NON_TERMINAL.contains(phase)) {
                states.add(paused(phase, OPERATOR, false));
            }
            return states.stream().flatMap(state -> Arrays.stream(MigrationStep.values())
                    .filter(step -> step != STEP_OF.get(phase))
                    .map(step -> arguments(named(state), step)));
        });
    }

    static Stream<Arguments> terminalPhasesAndEveryInput() {
        return TERMINAL.stream().flatMap(phase -> ONE_OF_EACH_INPUT.stream()
                .map(input -> arguments(phase, Named.of(input.getClass().getSimpleName(), input))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The spec
    // ---------------------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("starting")
    class Starting {

        @Test
        @DisplayName("a new migration starts running in INVENTORY and requests the inventory")
        void startsWithInventory() {
            Accepted start = MigrationMachine.start();

            assertThat(start.next()).isEqualTo(running(INVENTORY));
            assertThat(start.effects()).containsExactly(request(MigrationStep.INVENTORY));
        }
    }

    @Nested
    @DisplayName("the forward path")
    class ForwardPath {

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "stepAdvances")
        @DisplayName("when the current phase's step completes, the migration advances, tells the customer where "
                + "due, and requests the next phase's step")
        void completionAdvances(Advance advance) {
            given(advance.from()).when(completed(advance.from()))
                    .expect(running(advance.to()), advance.effects());
        }

        @Test
        @DisplayName("when the appointment is reached in AWAITING_CUTOVER, the cut-over starts and the customer "
                + "is told it has begun")
        void appointmentStartsCutover() {
            given(AWAITING_CUTOVER).when(new AppointmentReached())
                    .expect(running(CUTOVER),
                            advanced(AWAITING_CUTOVER, CUTOVER), tell(NoticeKind.STARTED),
                            request(MigrationStep.CUTOVER));
        }

        @Test
        @DisplayName("when the aftercare window ends, the migration is finalised")
        void aftercareEndFinalises() {
            given(AFTERCARE).when(new AftercareEnded())
                    .expect(running(FINALISING), advanced(AFTERCARE, FINALISING), request(MigrationStep.FINALISE));
        }

        @Test
        @DisplayName("a smooth migration runs from INVENTORY to COMPLETED, telling the customer three times")
        void smoothMigration() {
            Accepted start = MigrationMachine.start();
            assertThat(start.effects()).containsExactly(request(MigrationStep.INVENTORY));

            given(start.next())
                    .when(new StepCompleted(MigrationStep.INVENTORY))
                    .expect(running(DNS_INSPECTION),
                            advanced(INVENTORY, DNS_INSPECTION), request(MigrationStep.DNS_INSPECTION))
                    .then().when(new StepCompleted(MigrationStep.DNS_INSPECTION))
                    .expect(running(TTL_PREPARATION),
                            advanced(DNS_INSPECTION, TTL_PREPARATION), tell(NoticeKind.ANNOUNCEMENT),
                            request(MigrationStep.TTL_PREPARATION))
                    .then().when(new StepCompleted(MigrationStep.TTL_PREPARATION))
                    .expect(running(PRE_COPY), advanced(TTL_PREPARATION, PRE_COPY), request(MigrationStep.PRE_COPY))
                    .then().when(new StepCompleted(MigrationStep.PRE_COPY))
                    .expect(running(AWAITING_CUTOVER), advanced(PRE_COPY, AWAITING_CUTOVER))
                    .then().when(new AppointmentReached())
                    .expect(running(CUTOVER),
                            advanced(AWAITING_CUTOVER, CUTOVER), tell(NoticeKind.STARTED),
                            request(MigrationStep.CUTOVER))
                    .then().when(new StepCompleted(MigrationStep.CUTOVER))
                    .expect(running(DNS_SWITCH), advanced(CUTOVER, DNS_SWITCH), request(MigrationStep.DNS_SWITCH))
                    .then().when(new StepCompleted(MigrationStep.DNS_SWITCH))
                    .expect(running(VERIFICATION),
                            advanced(DNS_SWITCH, VERIFICATION), request(MigrationStep.VERIFICATION))
                    .then().when(new StepCompleted(MigrationStep.VERIFICATION))
                    .expect(running(AFTERCARE), advanced(VERIFICATION, AFTERCARE), tell(NoticeKind.DONE))
                    .then().when(new AftercareEnded())
                    .expect(running(FINALISING), advanced(AFTERCARE, FINALISING), request(MigrationStep.FINALISE))
                    .then().when(new StepCompleted(MigrationStep.FINALISE))
                    .expect(running(COMPLETED), advanced(FINALISING, COMPLETED), new Completed());
        }
    }

    @Nested
    @DisplayName("blocking findings")
    class BlockingFindings {

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "stepPhases")
        @DisplayName("a completion with blocking findings holds the phase with its step done and records why; "
                + "in CUTOVER, DNS_SWITCH and VERIFICATION the customer is told of the hold-up")
        void findingsHoldThePhase(Phase phase) {
            given(phase).when(new StepCompleted(STEP_OF.get(phase), BLOCKER))
                    .expect(MigrationState.paused(phase, BLOCKING_FINDINGS, BLOCKER, true),
                            concat(List.of(pausedEffect(phase, BLOCKING_FINDINGS, BLOCKER)),
                                    CUSTOMER_VISIBLE.contains(phase) ? List.of(tell(NoticeKind.PAUSED)) : List.of()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "pausedBeforeStepDone")
        @DisplayName("blocking findings that arrive while the phase is held replace the hold, so the operator sees "
                + "them before a resume moves on")
        void findingsOutrankAHold(MigrationState state) {
            Phase phase = state.phase();
            given(state).when(new StepCompleted(STEP_OF.get(phase), BLOCKER))
                    .expect(MigrationState.paused(phase, BLOCKING_FINDINGS, BLOCKER, true),
                            concat(List.of(pausedEffect(phase, BLOCKING_FINDINGS, BLOCKER)),
                                    CUSTOMER_VISIBLE.contains(phase) ? List.of(tell(NoticeKind.PAUSED)) : List.of()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "stepAdvances")
        @DisplayName("resuming accepts the findings and moves on to the next phase")
        void resumeAcceptsFindings(Advance advance) {
            givenPaused(advance.from(), BLOCKING_FINDINGS, true).when(new Resume())
                    .expect(running(advance.to()), concat(List.of(new Resumed(advance.from())), advance.effects()));
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "stepPhases")
        @DisplayName("retrying runs the same step again")
        void retryRepeatsTheStep(Phase phase) {
            givenPaused(phase, BLOCKING_FINDINGS, true).when(new Retry())
                    .expect(running(phase), new Resumed(phase), request(STEP_OF.get(phase)));
        }

        @Test
        @DisplayName("an inventory with blocking findings waits for the operator, then continues to DNS_INSPECTION")
        void inventoryFindingsStory() {
            given(INVENTORY)
                    .when(new StepCompleted(MigrationStep.INVENTORY, BLOCKER))
                    .expect(MigrationState.paused(INVENTORY, BLOCKING_FINDINGS, BLOCKER, true),
                            pausedEffect(INVENTORY, BLOCKING_FINDINGS, BLOCKER))
                    .then().when(new Resume())
                    .expect(running(DNS_INSPECTION), new Resumed(INVENTORY),
                            advanced(INVENTORY, DNS_INSPECTION), request(MigrationStep.DNS_INSPECTION));
        }
    }

    @Nested
    @DisplayName("failures")
    class Failures {

        @ParameterizedTest(name = "in {0}")
        @MethodSource("quietStepPhases")
        @DisplayName("a failure of the current step pauses the phase with the service's reason verbatim; outside "
                + "the customer-visible phases the customer is not told")
        void failurePausesQuietly(Phase phase) {
            given(phase).when(new StepFailed(STEP_OF.get(phase), FAILURE_REASON))
                    .expect(MigrationState.paused(phase, FAILURE, FAILURE_REASON, false),
                            pausedEffect(phase, FAILURE, FAILURE_REASON));
        }

        static Stream<Phase> quietStepPhases() {
            return minus(STEP_OF.keySet(), CUSTOMER_VISIBLE).stream();
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "customerVisiblePhases")
        @DisplayName("in a customer-visible phase a failure pauses and tells the customer of the hold-up")
        void failureInCustomerVisiblePhaseTellsTheCustomer(Phase phase) {
            given(phase).when(new StepFailed(STEP_OF.get(phase), FAILURE_REASON))
                    .expect(MigrationState.paused(phase, FAILURE, FAILURE_REASON, false),
                            pausedEffect(phase, FAILURE, FAILURE_REASON), tell(NoticeKind.PAUSED));
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "stepPhases")
        @DisplayName("resuming after a failure runs the step again")
        void resumeRepeatsTheStep(Phase phase) {
            givenPaused(phase, FAILURE, false).when(new Resume())
                    .expect(running(phase), new Resumed(phase), request(STEP_OF.get(phase)));
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "stepPhases")
        @DisplayName("retrying after a failure runs the step again")
        void retryRepeatsTheStep(Phase phase) {
            givenPaused(phase, FAILURE, false).when(new Retry())
                    .expect(running(phase), new Resumed(phase), request(STEP_OF.get(phase)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("pausedInStepPhases")
        @DisplayName("a failure while already paused (typically the service stopping for the pause) keeps the hold "
                + "and its reason, marks the step not done, and emits nothing")
        void failureWhilePausedKeepsThePause(MigrationState state) {
            given(state).when(new StepFailed(STEP_OF.get(state.phase()), SECOND_FAILURE_REASON))
                    .expect(MigrationState.paused(state.phase(), state.pause().cause(), state.pause().reason(), false));
        }

        static Stream<Named<MigrationState>> pausedInStepPhases() {
            return pausedIn(STEP_OF.keySet());
        }

        @Test
        @DisplayName("a failed cut-over: the customer is told once, the operator retries, the cut-over completes")
        void failedCutoverStory() {
            given(CUTOVER)
                    .when(new StepFailed(MigrationStep.CUTOVER, FAILURE_REASON))
                    .expect(MigrationState.paused(CUTOVER, FAILURE, FAILURE_REASON, false),
                            pausedEffect(CUTOVER, FAILURE, FAILURE_REASON), tell(NoticeKind.PAUSED))
                    .then().when(new StepFailed(MigrationStep.CUTOVER, SECOND_FAILURE_REASON))
                    .expect(MigrationState.paused(CUTOVER, FAILURE, FAILURE_REASON, false))
                    .then().when(new Retry())
                    .expect(running(CUTOVER), new Resumed(CUTOVER), request(MigrationStep.CUTOVER))
                    .then().when(new StepCompleted(MigrationStep.CUTOVER))
                    .expect(running(DNS_SWITCH), advanced(CUTOVER, DNS_SWITCH), request(MigrationStep.DNS_SWITCH));
        }
    }

    @Nested
    @DisplayName("operator pause")
    class OperatorPause {

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "quietPhases")
        @DisplayName("an operator can pause any non-terminal phase; outside the customer-visible phases the "
                + "customer is not told")
        void pauseQuietly(Phase phase) {
            given(phase).when(new MigrationInput.Pause(OPERATOR_REASON))
                    .expect(MigrationState.paused(phase, OPERATOR, OPERATOR_REASON, false),
                            pausedEffect(phase, OPERATOR, OPERATOR_REASON));
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "customerVisiblePhases")
        @DisplayName("pausing a customer-visible phase tells the customer of the hold-up")
        void pauseTellsTheCustomer(Phase phase) {
            given(phase).when(new MigrationInput.Pause(OPERATOR_REASON))
                    .expect(MigrationState.paused(phase, OPERATOR, OPERATOR_REASON, false),
                            pausedEffect(phase, OPERATOR, OPERATOR_REASON), tell(NoticeKind.PAUSED));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "everyPausedState")
        @DisplayName("pausing a paused migration is refused, and the refusal says why it is already paused")
        void pauseTwiceRefused(MigrationState state) {
            given(state).when(new MigrationInput.Pause("another reason")).expectRefused()
                    .contains("already paused").contains(state.pause().reason());
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "stepPhases")
        @DisplayName("resuming an operator pause requests the phase's step again")
        void resumeRequestsTheStep(Phase phase) {
            givenPaused(phase, OPERATOR, false).when(new Resume())
                    .expect(running(phase), new Resumed(phase), request(STEP_OF.get(phase)));
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource("waitingPhases")
        @DisplayName("resuming an operator pause in a waiting phase just waits on, requesting nothing")
        void resumeInWaitingPhase(Phase phase) {
            givenPaused(phase, OPERATOR, false).when(new Resume())
                    .expect(running(phase), new Resumed(phase));
        }

        static Stream<Phase> waitingPhases() {
            return WAITING.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("operatorPauses")
        @DisplayName("retrying an operator pause is refused: nothing failed, resume it instead")
        void retryOperatorPauseRefused(MigrationState state) {
            given(state).when(new Retry()).expectRefused().contains("failed");
        }

        static Stream<Named<MigrationState>> operatorPauses() {
            return pausedIn(NON_TERMINAL).filter(named -> named.getPayload().pause().cause() == OPERATOR);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "pausedBeforeStepDone")
        @DisplayName("a completion that arrives while paused marks the step done and emits nothing")
        void completionWhilePausedIsKept(MigrationState state) {
            given(state).when(completed(state.phase()))
                    .expect(MigrationState.paused(state.phase(), state.pause().cause(), state.pause().reason(), true));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "pausedAfterStepDone")
        @DisplayName("a repeated completion while paused changes nothing and emits nothing")
        void repeatedCompletionWhilePaused(MigrationState state) {
            given(state).when(completed(state.phase())).expectUnchanged();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(SPEC + "pausedAfterStepDone")
        @DisplayName("resuming a pause whose step completed meanwhile moves on to the next phase; Resumed names "
                + "the phase that was held")
        void resumeAfterStepDoneAdvances(MigrationState state) {
            Advance advance = ADVANCE_FROM.get(state.phase());
            given(state).when(new Resume())
                    .expect(running(advance.to()), concat(List.of(new Resumed(advance.from())), advance.effects()));
        }

        @Test
        @DisplayName("the pre-copy finishes while the operator holds it; resuming goes on to AWAITING_CUTOVER")
        void lateCompletionStory() {
            given(PRE_COPY)
                    .when(new MigrationInput.Pause(OPERATOR_REASON))
                    .expect(MigrationState.paused(PRE_COPY, OPERATOR, OPERATOR_REASON, false),
                            pausedEffect(PRE_COPY, OPERATOR, OPERATOR_REASON))
                    .then().when(new StepCompleted(MigrationStep.PRE_COPY))
                    .expect(MigrationState.paused(PRE_COPY, OPERATOR, OPERATOR_REASON, true))
                    .then().when(new Resume())
                    .expect(running(AWAITING_CUTOVER), new Resumed(PRE_COPY),
                            advanced(PRE_COPY, AWAITING_CUTOVER));
        }
    }

    @Nested
    @DisplayName("resume and retry without a pause")
    class NothingPaused {

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "nonTerminalPhases")
        @DisplayName("resuming a running migration is refused")
        void resumeRefused(Phase phase) {
            given(phase).when(new Resume()).expectRefused().contains("not paused");
        }

        @ParameterizedTest(name = "in {0}")
        @MethodSource(SPEC + "nonTerminalPhases")
        @DisplayName("retrying a running migration is refused")
        void retryRefused(Phase phase) {
            given(phase).when(new Retry()).expectRefused().contains("failed");
        }
    }

    @Nested
    @DisplayName("stale or foreign inputs")
    class StaleOrForeignInputs {

        @ParameterizedTest(name = "{1} completed in {0}")
        @MethodSource(SPEC + "foreignSteps")
        @DisplayName("a completion of a step that is not the current phase's is refused")
        void foreignCompletionRefused(MigrationState state, MigrationStep step) {
            AbstractStringAssert<?> reason = given(state).when(new StepCompleted(step)).expectRefused()
                    .contains(state.phase().name());
            if (NON_TERMINAL.contains(state.phase())) {
                reason.contains(step.name());
            }
        }

        @ParameterizedTest(name = "{1} completed with findings in {0}")
        @MethodSource(SPEC + "foreignSteps")
        @DisplayName("a completion with findings of a step that is not the current phase's is refused too")
        void foreignCompletionWithFindingsRefused(MigrationState state, MigrationStep step) {
            given(state).when(new StepCompleted(step, BLOCKER)).expectRefused().contains(state.phase().name());
        }

        @ParameterizedTest(name = "{1} failed in {0}")
        @MethodSource(SPEC + "foreignSteps")
        @DisplayName("a failure of a step that is not the current phase's is refused")
        void foreignFailureRefused(MigrationState state, MigrationStep step) {
            AbstractStringAssert<?> reason = given(state).when(new StepFailed(step, FAILURE_REASON)).expectRefused()
                    .contains(state.phase().name());
            if (NON_TERMINAL.contains(state.phase())) {
                reason.contains(step.name());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("outsideAwaitingCutover")
        @DisplayName("the appointment reached outside AWAITING_CUTOVER is refused, naming the current phase")
        void appointmentOutsideItsPhase(MigrationState state) {
            given(state).when(new AppointmentReached()).expectRefused()
                    .contains(state.phase().name()).contains(AWAITING_CUTOVER.name());
        }

        static Stream<Named<MigrationState>> outsideAwaitingCutover() {
            return runningOrPaused(minus(NON_TERMINAL, EnumSet.of(AWAITING_CUTOVER)));
        }

        @Test
        @DisplayName("the appointment reached while AWAITING_CUTOVER is paused is refused: resume first")
        void appointmentWhilePaused() {
            givenPaused(AWAITING_CUTOVER, OPERATOR, false).when(new AppointmentReached()).expectRefused()
                    .contains(AWAITING_CUTOVER.name()).contains("resume");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("outsideAftercare")
        @DisplayName("the end of aftercare outside AFTERCARE is refused, naming the current phase")
        void aftercareEndOutsideItsPhase(MigrationState state) {
            given(state).when(new AftercareEnded()).expectRefused()
                    .contains(state.phase().name()).contains(AFTERCARE.name());
        }

        static Stream<Named<MigrationState>> outsideAftercare() {
            return runningOrPaused(minus(NON_TERMINAL, EnumSet.of(AFTERCARE)));
        }

        @Test
        @DisplayName("the end of aftercare while AFTERCARE is paused is refused: resume first")
        void aftercareEndWhilePaused() {
            givenPaused(AFTERCARE, OPERATOR, false).when(new AftercareEnded()).expectRefused()
                    .contains(AFTERCARE.name()).contains("resume");
        }
    }

    @Nested
    @DisplayName("customer DNS action")
    class CustomerAction {

        @ParameterizedTest(name = "{0}")
        @MethodSource("inDnsSwitch")
        @DisplayName("in DNS_SWITCH, running or paused, the customer is asked to change their records; the state "
                + "stays as it is")
        void askTheCustomer(MigrationState state) {
            given(state).when(new CustomerActionNeeded(false)).expectUnchanged(tell(NoticeKind.ACTION_REQUIRED));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("inDnsSwitch")
        @DisplayName("in DNS_SWITCH a reminder from the dns-service becomes the reminder notice")
        void remindTheCustomer(MigrationState state) {
            given(state).when(new CustomerActionNeeded(true)).expectUnchanged(tell(NoticeKind.ACTION_REMINDER));
        }

        static Stream<Named<MigrationState>> inDnsSwitch() {
            return runningOrPaused(EnumSet.of(DNS_SWITCH));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("outsideDnsSwitch")
        @DisplayName("outside DNS_SWITCH it is refused")
        void refusedElsewhere(MigrationState state) {
            given(state).when(new CustomerActionNeeded(false)).expectRefused().contains(DNS_SWITCH.name());
        }

        static Stream<Named<MigrationState>> outsideDnsSwitch() {
            return runningOrPaused(minus(NON_TERMINAL, EnumSet.of(DNS_SWITCH)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("inDnsSwitch")
        @DisplayName("in DNS_SWITCH, running or paused, an operator's confirmation of the customer's changes moves on "
                + "to VERIFICATION")
        void operatorConfirms(MigrationState state) {
            given(state).when(new ExternalDnsConfirmed())
                    .expect(running(VERIFICATION), advanced(DNS_SWITCH, VERIFICATION),
                            request(MigrationStep.VERIFICATION));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("outsideDnsSwitch")
        @DisplayName("outside DNS_SWITCH the operator's confirmation is refused")
        void confirmationRefusedElsewhere(MigrationState state) {
            given(state).when(new ExternalDnsConfirmed()).expectRefused().contains(DNS_SWITCH.name());
        }
    }

    @Nested
    @DisplayName("cancelling")
    class Cancelling {

        @ParameterizedTest(name = "{0}")
        @MethodSource("notYetAnnounced")
        @DisplayName("before the announcement a migration is cancelled without telling the customer")
        void cancelQuietly(MigrationState state) {
            given(state).when(new Cancel(CANCEL_REASON))
                    .expect(running(CANCELLED), new Cancelled(CANCEL_REASON));
        }

        static Stream<Named<MigrationState>> notYetAnnounced() {
            return runningOrPaused(NOT_YET_ANNOUNCED);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("announcedBeforeCutover")
        @DisplayName("once announced and until the cut-over, a migration is cancelled and the customer is told")
        void cancelAndTell(MigrationState state) {
            given(state).when(new Cancel(CANCEL_REASON))
                    .expect(running(CANCELLED), new Cancelled(CANCEL_REASON), tell(NoticeKind.CANCELLED));
        }

        static Stream<Named<MigrationState>> announcedBeforeCutover() {
            return runningOrPaused(ANNOUNCED_BEFORE_CUTOVER);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rollbackable")
        @DisplayName("from the cut-over on, cancelling is refused and the operator is pointed to a rollback")
        void refusedAfterCutover(MigrationState state) {
            given(state).when(new Cancel(CANCEL_REASON)).expectRefused().contains("cut-over").contains("roll");
        }

        static Stream<Named<MigrationState>> rollbackable() {
            return runningOrPaused(union(EnumSet.of(CUTOVER), ROLLBACK_ANY_TIME));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("finalisingOrRollingBack")
        @DisplayName("in FINALISING and during a rollback, cancelling is refused too, naming the phase")
        void refusedLate(MigrationState state) {
            given(state).when(new Cancel(CANCEL_REASON)).expectRefused().contains(state.phase().name());
        }

        static Stream<Named<MigrationState>> finalisingOrRollingBack() {
            return runningOrPaused(NO_ROLLBACK_AFTER_CUTOVER);
        }
    }

    @Nested
    @DisplayName("rolling back")
    class RollingBack {

        @ParameterizedTest(name = "{0}, syncBack={1}")
        @MethodSource("rollbackAllowed")
        @DisplayName("in DNS_SWITCH, VERIFICATION and AFTERCARE (running or paused) and in a paused CUTOVER, a "
                + "rollback starts the transfer rollback (the planner keeps the syncBack choice on the migration)")
        void rollbackStarts(MigrationState state, boolean syncBack) {
            given(state).when(new Rollback(syncBack))
                    .expect(running(TRANSFER_ROLLBACK),
                            advanced(state.phase(), TRANSFER_ROLLBACK),
                            request(MigrationStep.TRANSFER_ROLLBACK));
        }

        static Stream<Arguments> rollbackAllowed() {
            return Stream.concat(runningOrPaused(ROLLBACK_ANY_TIME), pausedIn(EnumSet.of(CUTOVER)))
                    .flatMap(state -> Stream.of(arguments(state, true), arguments(state, false)));
        }

        @ParameterizedTest(name = "syncBack={0}")
        @ValueSource(booleans = {true, false})
        @DisplayName("a running cut-over cannot be rolled back: pause it first")
        void runningCutoverRefused(boolean syncBack) {
            given(CUTOVER).when(new Rollback(syncBack)).expectRefused().contains("pause");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("beforeCutover")
        @DisplayName("before the cut-over a rollback is refused: cancel instead")
        void beforeCutoverRefused(MigrationState state) {
            given(state).when(new Rollback(true)).expectRefused().contains("cancel");
        }

        static Stream<Named<MigrationState>> beforeCutover() {
            return runningOrPaused(BEFORE_CUTOVER);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("finalisingOrRollingBack")
        @DisplayName("in FINALISING and in the rollback phases a rollback is refused, naming the phase")
        void lateRefused(MigrationState state) {
            given(state).when(new Rollback(true)).expectRefused().contains(state.phase().name());
        }

        static Stream<Named<MigrationState>> finalisingOrRollingBack() {
            return runningOrPaused(NO_ROLLBACK_AFTER_CUTOVER);
        }

        @ParameterizedTest(name = "syncBack={0}")
        @ValueSource(booleans = {true, false})
        @DisplayName("a rollback from VERIFICATION runs the transfer rollback, then the DNS rollback, and ends "
                + "ROLLED_BACK with the customer told")
        void rollbackStory(boolean syncBack) {
            given(VERIFICATION)
                    .when(new Rollback(syncBack))
                    .expect(running(TRANSFER_ROLLBACK), advanced(VERIFICATION, TRANSFER_ROLLBACK),
                            request(MigrationStep.TRANSFER_ROLLBACK))
                    .then().when(new StepCompleted(MigrationStep.TRANSFER_ROLLBACK))
                    .expect(running(DNS_ROLLBACK), advanced(TRANSFER_ROLLBACK, DNS_ROLLBACK),
                            request(MigrationStep.DNS_ROLLBACK))
                    .then().when(new StepCompleted(MigrationStep.DNS_ROLLBACK))
                    .expect(running(ROLLED_BACK), advanced(DNS_ROLLBACK, ROLLED_BACK), new RolledBack(),
                            tell(NoticeKind.ROLLED_BACK));
        }

        @Test
        @DisplayName("a failed cut-over is paused, so it can be rolled back straight away")
        void failedCutoverRollsBack() {
            given(CUTOVER)
                    .when(new StepFailed(MigrationStep.CUTOVER, FAILURE_REASON))
                    .expect(MigrationState.paused(CUTOVER, FAILURE, FAILURE_REASON, false),
                            pausedEffect(CUTOVER, FAILURE, FAILURE_REASON), tell(NoticeKind.PAUSED))
                    .then().when(new Rollback(false))
                    .expect(running(TRANSFER_ROLLBACK), advanced(CUTOVER, TRANSFER_ROLLBACK),
                            request(MigrationStep.TRANSFER_ROLLBACK));
        }
    }

    @Nested
    @DisplayName("rescheduling")
    class Rescheduling {

        @ParameterizedTest(name = "{0}")
        @MethodSource("notYetAnnounced")
        @DisplayName("before the announcement the appointment moves without telling the customer")
        void rescheduleQuietly(MigrationState state) {
            given(state).when(new Reschedule(OLD_APPOINTMENT, NEW_APPOINTMENT))
                    .expectUnchanged(new Rescheduled(OLD_APPOINTMENT, NEW_APPOINTMENT));
        }

        static Stream<Named<MigrationState>> notYetAnnounced() {
            return runningOrPaused(NOT_YET_ANNOUNCED);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("announcedBeforeCutover")
        @DisplayName("once announced and until the cut-over, the appointment moves and the customer gets a new "
                + "announcement")
        void rescheduleAndAnnounceAgain(MigrationState state) {
            given(state).when(new Reschedule(OLD_APPOINTMENT, NEW_APPOINTMENT))
                    .expectUnchanged(new Rescheduled(OLD_APPOINTMENT, NEW_APPOINTMENT),
                            tell(NoticeKind.ANNOUNCEMENT));
        }

        static Stream<Named<MigrationState>> announcedBeforeCutover() {
            return runningOrPaused(ANNOUNCED_BEFORE_CUTOVER);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("fromCutoverOn")
        @DisplayName("from the cut-over on, rescheduling is refused")
        void refusedFromCutoverOn(MigrationState state) {
            given(state).when(new Reschedule(OLD_APPOINTMENT, NEW_APPOINTMENT)).expectRefused()
                    .contains("cut-over");
        }

        static Stream<Named<MigrationState>> fromCutoverOn() {
            return runningOrPaused(FROM_CUTOVER_ON);
        }
    }

    @Nested
    @DisplayName("terminal phases")
    class TerminalPhases {

        @ParameterizedTest(name = "{1} in {0}")
        @MethodSource(SPEC + "terminalPhasesAndEveryInput")
        @DisplayName("COMPLETED, ROLLED_BACK and CANCELLED refuse every input, naming the phase")
        void everyInputRefused(Phase phase, MigrationInput input) {
            given(phase).when(input).expectRefused().contains(phase.name());
        }

        @Test
        @DisplayName("(the list of inputs above holds one of every kind of input)")
        void everyKindOfInputIsListed() {
            assertThat(ONE_OF_EACH_INPUT).extracting(Object::getClass)
                    .containsExactlyInAnyOrder(MigrationInput.class.getPermittedSubclasses());
        }
    }
}
