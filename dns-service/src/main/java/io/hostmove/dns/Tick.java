package io.hostmove.dns;

import io.hostmove.dns.persistence.JobProgress;
import io.hostmove.events.HostmoveEvent;

import java.time.Instant;
import java.util.List;

/**
 * What one run of a job decided. Its events and effects commit together with the job's new state, and not at
 * all if the migration was paused or cancelled meanwhile.
 */
public sealed interface Tick {

    /** Database changes that belong with the outcome; run inside its transaction. */
    List<HostmoveEvent> events();

    Runnable effects();

    /** Run again at {@code runAt}, in {@code stage}. */
    record Again(String stage, Instant runAt, Instant deadlineAt, JobProgress progress, List<HostmoveEvent> events,
                 Runnable effects) implements Tick {
    }

    /** The job is done. */
    record Done(List<HostmoveEvent> events, Runnable effects) implements Tick {
    }

    /** The step failed; {@code reason} says why and what to do. */
    record Failed(String reason, Runnable effects) implements Tick {

        @Override
        public List<HostmoveEvent> events() {
            return List.of();
        }
    }

    Runnable NOTHING = () -> { };

    static Done done(HostmoveEvent event, Runnable effects) {
        return new Done(List.of(event), effects);
    }

    static Failed failed(String reason) {
        return new Failed(reason, NOTHING);
    }
}
