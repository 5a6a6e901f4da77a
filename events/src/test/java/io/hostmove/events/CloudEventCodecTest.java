package io.hostmove.events;

import io.hostmove.events.TransferResult.InventoryCompleted;
import io.hostmove.events.model.Finding;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    private final UUID migrationId = UUID.randomUUID();
    private final UUID causationId = UUID.randomUUID();
    private final InventoryCompleted event = new InventoryCompleted(12, 3456, 789, 5, 6789,
            List.of(new Finding(Finding.Severity.WARNING, "php-version-lower", "site example.no",
                    "PHP 8.1 on the new host, 8.2 on the old")));

    @Test
    void binary_mode_puts_every_attribute_in_a_ce_header_and_the_event_in_the_body() {
        EventEnvelope envelope = EventEnvelope.create(Service.TRANSFER, migrationId, causationId, event);
        Headers headers = CloudEventCodec.toHeaders(envelope);

        assertThat(text(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(headers, "ce_id")).isEqualTo(envelope.id().toString());
        assertThat(text(headers, "ce_type")).isEqualTo("io.hostmove.InventoryCompleted");
        assertThat(text(headers, "ce_source")).isEqualTo("/hostmove/transfer-service");
        assertThat(text(headers, "ce_migrationid")).isEqualTo(migrationId.toString());
        assertThat(text(headers, "ce_causationid")).isEqualTo(causationId.toString());
        assertThat(text(headers, "ce_schemaversion")).isEqualTo("1");
        assertThat(text(headers, "content-type")).isEqualTo("application/json");
        assertThat(CloudEventCodec.toJson(event)).doesNotContain(migrationId.toString());

        DecodedEvent decoded = CloudEventCodec.decode(headers, CloudEventCodec.toJson(event));
        assertThat(decoded.envelope()).isEqualTo(envelope);
        assertThat(decoded.payload()).isEqualTo(event);
    }

    @Test
    void an_event_with_no_cause_has_no_causation_header() {
        EventEnvelope envelope = EventEnvelope.create(Service.PLANNER, migrationId, null, event);
        Headers headers = CloudEventCodec.toHeaders(envelope);

        assertThat(headers.lastHeader("ce_causationid")).isNull();
        assertThat(CloudEventCodec.fromHeaders(headers).causationId()).isNull();
    }

    @Test
    void a_missing_attribute_is_named() {
        Headers headers = CloudEventCodec.toHeaders(EventEnvelope.create(Service.DNS, migrationId, null, event));
        headers.remove("ce_migrationid");

        assertThatThrownBy(() -> CloudEventCodec.fromHeaders(headers))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("missing CloudEvents header ce_migrationid");
    }

    @Test
    void an_unknown_type_and_a_wrong_body_are_told_apart() {
        EventEnvelope envelope = EventEnvelope.create(Service.DNS, migrationId, null, event);
        Headers unknown = CloudEventCodec.toHeaders(new EventEnvelope(envelope.id(), "io.hostmove.Nonsense",
                envelope.source(), envelope.time(), migrationId, null, 1));

        assertThatThrownBy(() -> CloudEventCodec.decode(unknown, "{}"))
                .hasMessageContaining("unknown event type 'io.hostmove.Nonsense'");
        assertThatThrownBy(() -> CloudEventCodec.decode(CloudEventCodec.toHeaders(envelope), "{\"fileCount\":"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not InventoryCompleted JSON");
    }

    @Test
    void fields_a_newer_producer_adds_are_ignored() {
        String newer = CloudEventCodec.toJson(event).replaceFirst("\\{", "{\"addedLater\":true,");
        DecodedEvent decoded = CloudEventCodec.decode(
                CloudEventCodec.toHeaders(EventEnvelope.create(Service.TRANSFER, migrationId, null, event)), newer);

        assertThat(decoded.payload()).isEqualTo(event);
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
