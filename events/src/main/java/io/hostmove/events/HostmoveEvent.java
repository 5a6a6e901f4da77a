package io.hostmove.events;

/**
 * The payload of a Hostmove event: a fact, serialised as the JSON body of a CloudEvent. The envelope
 * (id, type, source, time, migration id, causation id, schema version) travels in {@code ce_*} headers.
 */
public interface HostmoveEvent {
}
