package io.hostmove.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the planner plans and paces migrations. */
@ConfigMapping(prefix = "hostmove.planner")
public interface PlannerConfig {

    /** How long after going live an account can still be rolled back before it is finalised. */
    @WithDefault("14d")
    Duration aftercareWindow();

    /** How often the planner checks for due appointments and ended aftercare windows (read by the scheduler). */
    Duration timerInterval();

    /** Earliest a cut-over may be planned, counted from now, so TTLs can be lowered and data pre-copied. */
    @WithDefault("0s")
    Duration minimumLeadTime();

    /** Database copy speed the downtime estimate assumes, in bytes per second. */
    @WithDefault("50000000")
    long databaseBytesPerSecond();

    /** Fixed part of every downtime: maintenance on, final file and mail delta, checks, maintenance off. */
    @WithDefault("2m")
    Duration downtimeOverhead();

    /** Sample migrations walked through every phase at start-up, rolled back, before readiness; 0: none. */
    @WithDefault("20")
    int warmUpMigrations();
}
