package io.hostmove.events.model;

/**
 * One DNS record that changes for a migration.
 *
 * @param zone     zone that holds the record
 * @param name     owner name, fully qualified
 * @param type     record type: A, AAAA, MX, CNAME or TXT (SPF)
 * @param ttl      TTL in seconds as found
 * @param oldValue the record data pointing at the old host
 * @param newValue the record data pointing at the new host
 */
public record DnsRecordChange(String zone, String name, String type, long ttl, String oldValue, String newValue) {
}
