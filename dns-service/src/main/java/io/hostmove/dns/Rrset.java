package io.hostmove.dns;

import java.util.List;

/**
 * The records of one name and type as a server answered them.
 *
 * @param name   owner name, fully qualified with the trailing dot
 * @param type   record type mnemonic
 * @param ttl    TTL in seconds
 * @param values every record's data in presentation form
 */
public record Rrset(String name, String type, long ttl, List<String> values) {
}
