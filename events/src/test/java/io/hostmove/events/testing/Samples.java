package io.hostmove.events.testing;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;

import java.util.List;
import java.util.UUID;

/** Contract values for tests that play the planner. */
public final class Samples {

    private Samples() {
    }

    public static AccountSpec account() {
        return new AccountSpec(UUID.randomUUID(), "nordlys", "/home/nordlys", "/home/nordlys",
                new HostSpec("old-web-1", "127.0.0.2", 2222, "hostmove", "SHA256:" + "A".repeat(43), "192.0.2.10", null),
                new HostSpec("new-web-1", "127.0.0.3", 2222, "hostmove", "SHA256:" + "B".repeat(43), "198.51.100.20",
                        null),
                List.of(new SiteSpec("nordlys.example", List.of("www.nordlys.example"), "/home/nordlys/public_html")),
                List.of(new DatabaseSpec("mariadb", "nordlys_wp", "nordlys")),
                List.of(new MailboxSpec("post@nordlys.example", "/home/nordlys/Maildir")),
                List.of("nordlys.example", "www.nordlys.example"));
    }
}
