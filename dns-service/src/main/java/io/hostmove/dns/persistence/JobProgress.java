package io.hostmove.dns.persistence;

import java.time.Instant;
import java.util.Map;

/**
 * How far a multi-tick job got; kept with the job so a restart continues where it was.
 *
 * @param appliedAt  when the updates were applied on our primary
 * @param serials    per zone, the serial every server must reach
 * @param verifiedAt when every authoritative server of our zones served the change
 * @param switched   for a TTL restore: whether the records hold the new host's data (else the old host's)
 * @param waitingFor what the last round still found missing, as operators read it
 */
public record JobProgress(Instant appliedAt, Map<String, Long> serials, Instant verifiedAt, Boolean switched,
                          String waitingFor) {

    public static JobProgress empty() {
        return new JobProgress(null, Map.of(), null, null, null);
    }

    public static JobProgress restore(boolean switched) {
        return new JobProgress(null, Map.of(), null, switched, null);
    }

    public JobProgress applied(Instant at, Map<String, Long> zoneSerials) {
        return new JobProgress(at, Map.copyOf(zoneSerials), verifiedAt, switched, waitingFor);
    }

    public JobProgress verified(Instant at) {
        return new JobProgress(appliedAt, serials, at, switched, null);
    }

    public JobProgress waiting(String what) {
        return new JobProgress(appliedAt, serials, verifiedAt, switched, what);
    }
}
