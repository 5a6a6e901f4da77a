package io.hostmove.transfer;

import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.TransferRequest.InventoryRequested;
import io.hostmove.events.testing.ConsumingServiceContract;
import io.hostmove.events.testing.Samples;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TransferServiceIT extends ConsumingServiceContract {

    @Override
    protected HostmoveEvent request() {
        return new InventoryRequested(Samples.account());
    }
}
