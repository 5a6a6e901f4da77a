package io.hostmove.transfer;

import io.hostmove.events.TransferRequest;
import io.hostmove.events.TransferResult;

/** One kind of work the planner asks for; it returns the completion to publish or throws why it failed. */
public interface TransferStep<R extends TransferRequest> {

    Class<R> handles();

    TransferResult run(R request, StepContext context);
}
