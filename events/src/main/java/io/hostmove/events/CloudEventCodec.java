package io.hostmove.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes in {@code ce_*} headers,
 * the event's JSON in the record value, the migration id as the record key.
 */
public final class CloudEventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_TIME = "ce_time";
    public static final String H_SUBJECT = "ce_subject";
    /** Extension attribute: the migration the event belongs to. */
    public static final String H_MIGRATION_ID = "ce_migrationid";
    /** Extension attribute: the event that caused this one. */
    public static final String H_CAUSATION_ID = "ce_causationid";
    /** Extension attribute: the payload's schema version. */
    public static final String H_SCHEMA_VERSION = "ce_schemaversion";
    public static final String H_CONTENT_TYPE = "content-type";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // Newer producers may add fields; older consumers read what they know.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CloudEventCodec() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static Headers toHeaders(EventEnvelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, H_SPECVERSION, SPEC_VERSION);
        put(headers, H_ID, envelope.id().toString());
        put(headers, H_SOURCE, envelope.source());
        put(headers, H_TYPE, envelope.type());
        put(headers, H_TIME, envelope.time().toString());
        put(headers, H_SUBJECT, envelope.migrationId().toString());
        put(headers, H_MIGRATION_ID, envelope.migrationId().toString());
        if (envelope.causationId() != null) {
            put(headers, H_CAUSATION_ID, envelope.causationId().toString());
        }
        put(headers, H_SCHEMA_VERSION, Integer.toString(envelope.schemaVersion()));
        put(headers, H_CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /** Reads the envelope from a record's headers; a missing or malformed attribute is named in the exception. */
    public static EventEnvelope fromHeaders(Headers headers) {
        String specVersion = required(headers, H_SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException(H_SPECVERSION + " is '" + specVersion + "', expected " + SPEC_VERSION);
        }
        String causation = optional(headers, H_CAUSATION_ID);
        String schemaVersion = required(headers, H_SCHEMA_VERSION);
        try {
            return new EventEnvelope(
                    uuid(H_ID, required(headers, H_ID)),
                    required(headers, H_TYPE),
                    required(headers, H_SOURCE),
                    Instant.parse(required(headers, H_TIME)),
                    uuid(H_MIGRATION_ID, required(headers, H_MIGRATION_ID)),
                    causation == null ? null : uuid(H_CAUSATION_ID, causation),
                    Integer.parseInt(schemaVersion));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new MalformedEventException("malformed CloudEvents header: " + e.getMessage(), e);
        }
    }

    public static String toJson(HostmoveEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a record's headers and JSON value into a typed event. */
    public static DecodedEvent decode(Headers headers, String value) {
        EventEnvelope envelope = fromHeaders(headers);
        Class<? extends HostmoveEvent> type = EventCatalog.classOf(envelope.type());
        if (value == null) {
            throw new MalformedEventException(envelope.type() + " " + envelope.id() + " has no body");
        }
        try {
            return new DecodedEvent(envelope, JSON.readValue(value, type));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(envelope.type() + " " + envelope.id() + " has a body that is not "
                    + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing CloudEvents header " + name);
        }
        return value;
    }

    private static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(name + " is not a UUID: '" + value + "'", e);
        }
    }
}
