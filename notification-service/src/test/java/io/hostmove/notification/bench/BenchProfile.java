package io.hostmove.notification.bench;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service as it would run for a large wave: no rate limit (the local SMTP server is the limit). */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String workers = System.getProperty("bench.workers", "4");
        return Map.of(
                "hostmove.notification.delivery.batch-size", System.getProperty("bench.batch", "10"),
                "hostmove.notification.delivery.rate-per-second", "0",
                "hostmove.notification.delivery.workers", workers,
                // Earlier runs' rows would make the bench's own progress query slower run after run.
                "quarkus.flyway.clean-at-start", "true",
                "quarkus.log.category.\"io.hostmove\".level", "WARN",
                // GreenMail logs every mailbox it creates; both sides would pay for 20,000 lines.
                "quarkus.log.category.\"com.icegreen\".level", "WARN");
    }
}
