package io.hostmove.events;

/** An event read from Kafka: its envelope and its typed payload. */
public record DecodedEvent(EventEnvelope envelope, HostmoveEvent payload) {
}
