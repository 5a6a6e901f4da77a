package io.hostmove.events.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness is DOWN while a consumed record has kept failing to apply for longer than
 * {@link MessagingConfig#stuckAfter()}: its partition waits behind it, and the check names it with its last failure.
 */
@Readiness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    /** The check's name in /q/health/ready. */
    public static final String NAME = "Hostmove event consumers";

    @Inject
    MessagingConfig config;

    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    private record Failing(Instant since, int attempts, String cause) {
    }

    /** {@code what} failed at attempt {@code attempt} and will be tried again. */
    void failed(String what, int attempt, String cause) {
        failing.compute(what, (key, before) ->
                new Failing(before == null ? Instant.now() : before.since(), attempt, cause));
    }

    /** {@code what} was applied, or given up on: it no longer holds its partition. */
    void settled(String what) {
        failing.remove(what);
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        failing.forEach((what, failure) -> {
            Duration waited = Duration.between(failure.since(), now);
            if (waited.compareTo(config.stuckAfter()) > 0) {
                response.down().withData(what, "failing for " + waited.toSeconds() + " s, " + failure.attempts()
                        + " attempts, last: " + failure.cause());
            }
        });
        return response.build();
    }
}
