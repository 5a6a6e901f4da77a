package io.hostmove.dns.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How far a multi-tick job got; kept with the job so a restart continues where it was.
 *
 * @param appliedAt  when the updates were applied on our primary
 * @param serials    per zone, the serial every server must reach
 * @param verifiedAt when every authoritative server of our zones served the change
 * @param switched   for a TTL restore: whether the records hold the new host's data (else the old host's)
 * @param waitingFor what the last round still found missing, as operators read it
 * @param servedBy   the zone and server pairs ({@link #served}) already seen serving the change
 */
public record JobProgress(Instant appliedAt, Map<String, Long> serials, Instant verifiedAt, Boolean switched,
                          String waitingFor, List<String> servedBy) {

    public JobProgress {
        servedBy = servedBy == null ? List.of() : List.copyOf(servedBy);
    }

    public static JobProgress empty() {
        return new JobProgress(null, Map.of(), null, null, null, List.of());
    }

    public static JobProgress restore(boolean switched) {
        return new JobProgress(null, Map.of(), null, switched, null, List.of());
    }

    /** The change is on the primary: every server has to be seen serving it again. */
    public JobProgress applied(Instant at, Map<String, Long> zoneSerials) {
        return new JobProgress(at, Map.copyOf(zoneSerials), verifiedAt, switched, waitingFor, List.of());
    }

    public JobProgress verified(Instant at) {
        return new JobProgress(appliedAt, serials, at, switched, null, servedBy);
    }

    /** What is still missing, and the pairs that served the change in this round besides the earlier ones. */
    public JobProgress waiting(String what, Collection<String> newlyServed) {
        return new JobProgress(appliedAt, serials, verifiedAt, switched, what,
                Stream.concat(servedBy.stream(), newlyServed.stream()).distinct().toList());
    }

    public JobProgress waiting(String what) {
        return waiting(what, List.of());
    }

    /** How {@link #servedBy} names one zone on one server. */
    public static String served(String zone, String serverAddress, int port) {
        return zone + " @" + serverAddress + ":" + port;
    }
}
