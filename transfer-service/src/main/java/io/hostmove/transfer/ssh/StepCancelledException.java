package io.hostmove.transfer.ssh;

/** Work stopped because the migration was paused or cancelled; not a failure to report. */
public class StepCancelledException extends RuntimeException {

    public StepCancelledException(String message) {
        super(message);
    }
}
