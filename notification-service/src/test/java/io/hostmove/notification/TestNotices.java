package io.hostmove.notification;

import io.hostmove.events.NoticeKind;
import io.hostmove.events.NotificationRequest.CustomerNoticeRequested;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DnsRecordChange;
import io.hostmove.events.model.Recipient;

import java.time.Instant;
import java.util.List;

/** Notices as the planner sends them, for the tests. */
final class TestNotices {

    private TestNotices() {
    }

    static CustomerNoticeRequested notice(NoticeKind kind, String name, String email, String language, String zone,
                                          Instant cutoverAt) {
        return new CustomerNoticeRequested(kind, new Recipient(name, email, language, zone), cutoverAt, 3,
                List.of("nordlys.example", "www.nordlys.example"),
                kind == NoticeKind.ACTION_REQUIRED || kind == NoticeKind.ACTION_REMINDER
                        ? List.of(new DnsRecordChange("nordlys.example", "nordlys.example.", "A", 3600, "192.0.2.10",
                        "198.51.100.20"))
                        : List.of(),
                kind == NoticeKind.DONE
                        ? List.of(new ConfigRewrite("/home/nordlys/public_html/wp-config.php", 32,
                        "define('DB_HOST', '192.0.2.10');", "define('DB_HOST', 'localhost');"))
                        : List.of());
    }
}
