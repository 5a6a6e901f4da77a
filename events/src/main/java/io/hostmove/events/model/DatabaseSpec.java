package io.hostmove.events.model;

/**
 * A customer database; its password stays in the site's config and is never copied into events.
 *
 * @param engine {@code mariadb} or {@code postgresql}
 * @param name   database name
 * @param user   database user the site connects as
 */
public record DatabaseSpec(String engine, String name, String user) {
}
