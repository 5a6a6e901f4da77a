package io.hostmove.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents attributes of a Hostmove event, carried as {@code ce_*} Kafka headers.
 *
 * @param id            unique event id; consumers deduplicate on it
 * @param type          {@code io.hostmove.<EventName>}, see {@link EventCatalog}
 * @param source        the publishing service, e.g. {@code /hostmove/planner-service}
 * @param time          when the fact happened
 * @param migrationId   the migration it belongs to; also the Kafka record key
 * @param causationId   the event that caused this one, or null when an operator or a timer did
 * @param schemaVersion version of the payload's schema
 */
public record EventEnvelope(UUID id, String type, String source, Instant time, UUID migrationId, UUID causationId,
                            int schemaVersion) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(migrationId, "migrationId");
    }

    /** A new envelope for {@code event}, published now by {@code service}. */
    public static EventEnvelope create(Service service, UUID migrationId, UUID causationId, HostmoveEvent event) {
        return new EventEnvelope(UUID.randomUUID(), EventCatalog.typeOf(event.getClass()), service.source(),
                Instant.now(), migrationId, causationId, EventCatalog.SCHEMA_VERSION);
    }

    /** The Kafka record key: every event of one migration lands on one partition, in order. */
    public String key() {
        return migrationId.toString();
    }
}
