package io.hostmove.transfer.database;

/**
 * What one database copy did. Holds no secret.
 *
 * @param database    database name
 * @param engine      {@code mariadb} or {@code postgresql}
 * @param path        the method that ran, e.g. {@code mariadb per-table x4} or {@code postgresql single stream}
 * @param parallelism streams that ran at once for the data (1 for a single stream)
 * @param tables      tables copied
 * @param bytes       dump bytes that went through this JVM
 * @param millis      wall time of the copy, target preparation included
 */
public record CopyReport(String database, String engine, String path, int parallelism, long tables, long bytes,
                         long millis) {

    /** Throughput in MB/s (10^6 bytes), for logs and benchmarks. */
    public double megabytesPerSecond() {
        return millis == 0 ? 0 : bytes / 1e3 / millis;
    }
}
