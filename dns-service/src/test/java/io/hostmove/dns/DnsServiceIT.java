package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsInspectionRequested;
import io.hostmove.events.DnsRequest.DnsTarget;
import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.testing.ConsumingServiceContract;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
class DnsServiceIT extends ConsumingServiceContract {

    @Override
    protected HostmoveEvent request() {
        return new DnsInspectionRequested(new DnsTarget(List.of("nordlys.example"), "192.0.2.10", null, "198.51.100.20", null));
    }
}
