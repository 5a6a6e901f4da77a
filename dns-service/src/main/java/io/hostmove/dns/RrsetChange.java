package io.hostmove.dns;

import java.util.List;

/**
 * One RRset that changes for a migration: its whole data before and after, and value by value what moves.
 *
 * @param name   owner name, fully qualified with the trailing dot
 * @param type   A, AAAA or TXT
 * @param ttl    TTL in seconds as inspected
 * @param before every record's data as inspected (presentation form)
 * @param after  every record's data once switched; empty when the RRset goes away
 * @param values each value that changes, old to new (new is null when it is removed)
 */
public record RrsetChange(String name, String type, long ttl, List<String> before, List<String> after,
                          List<ValueChange> values) {

    /**
     * One value of the RRset, as a person reads it.
     *
     * @param oldValue the value pointing at the old host
     * @param newValue the value pointing at the new host, or null when it is removed
     */
    public record ValueChange(String oldValue, String newValue) {
    }

    /** The data the RRset holds on the given side of the switch. */
    public List<String> side(boolean switched) {
        return switched ? after : before;
    }
}
