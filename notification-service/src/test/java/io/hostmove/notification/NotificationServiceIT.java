package io.hostmove.notification;

import io.hostmove.events.HostmoveEvent;
import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.Recipient;
import io.hostmove.events.testing.ConsumingServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.time.Instant;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(Smtp.class)
class NotificationServiceIT extends ConsumingServiceContract {

    @Override
    protected HostmoveEvent request() {
        return new CustomerNoticeRequested(NoticeKind.ANNOUNCEMENT,
                new Recipient("Nordlys Bakeri AS", "post@nordlys.example", "nb", "Europe/Oslo"),
                Instant.parse("2026-12-01T09:00:00Z"), 3, List.of("nordlys.example"), List.of(), List.of());
    }
}
