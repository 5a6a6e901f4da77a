package io.hostmove.planner;

import java.util.List;

/** The machine's answer to an input: the next state and its effects, or why the input does not apply. */
public sealed interface Decision {

    record Accepted(MigrationState next, List<Effect> effects) implements Decision {
        public Accepted {
            effects = List.copyOf(effects);
        }
    }

    /**
     * The input does not apply in this state; nothing changes.
     *
     * @param reason why, for the operator (409) or the timeline (ignored event)
     */
    record Refused(String reason) implements Decision {
    }
}
