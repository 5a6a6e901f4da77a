package io.hostmove.events.model;

/**
 * What a data step moved.
 *
 * @param files          files transferred (not merely checked)
 * @param bytes          bytes transferred over the wire
 * @param databaseBytes  bytes of database dumps streamed
 * @param durationMillis wall time of the step
 */
public record TransferStats(long files, long bytes, long databaseBytes, long durationMillis) {

    public static final TransferStats NONE = new TransferStats(0, 0, 0, 0);
}
