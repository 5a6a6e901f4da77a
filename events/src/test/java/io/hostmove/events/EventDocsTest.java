package io.hostmove.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostmove.events.docs.Contract;
import io.hostmove.events.docs.EventDocs;
import io.hostmove.events.docs.SampleValues;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code docs/events.md} and {@code docs/asyncapi.yaml} true: renders both from the event contract and
 * fails while the committed files differ. With {@code -Dhostmove.docs.write=true} it writes them instead.
 */
class EventDocsTest {

    private final Path root = EventDocs.repoRoot();

    @Test
    void events_md_is_up_to_date() throws IOException {
        check(EventDocs.MARKDOWN, EventDocs.markdown(root));
    }

    @Test
    void asyncapi_yaml_is_up_to_date() throws IOException {
        check(EventDocs.ASYNCAPI, EventDocs.asyncApi(root));
    }

    @Test
    void every_step_has_a_request_a_completion_and_a_failure_on_the_performers_topics() {
        assertThat(Contract.steps()).extracting(Contract.StepEvents::step)
                .containsExactly(MigrationStep.values());
        for (Contract.StepEvents step : Contract.steps()) {
            Service performer = step.step().performer();
            assertThat(Contract.topic(EventCatalog.topicOf(step.request())).consumers())
                    .as("%s is requested on a topic %s reads", step.step(), performer).contains(performer);
            for (Class<?> answer : List.of(step.completion(), step.failure())) {
                assertThat(Contract.topic(EventCatalog.topicOf(answer)).producer())
                        .as("%s of %s is published by its performer", answer.getSimpleName(), step.step())
                        .isEqualTo(performer);
            }
        }
    }

    @Test
    void every_step_request_starts_exactly_one_step() {
        List<Class<? extends HostmoveEvent>> requests = EventCatalog.entries().stream()
                .map(EventCatalog.Entry::javaType)
                .filter(type -> TransferRequest.class.isAssignableFrom(type) || DnsRequest.class.isAssignableFrom(type))
                .collect(Collectors.toList());
        assertThat(Contract.steps()).extracting(Contract.StepEvents::request)
                .containsExactlyInAnyOrderElementsOf(requests);
    }

    @Test
    void every_topic_has_a_description_a_producer_and_other_consumers() {
        for (String topic : Topics.ALL) {
            Contract.TopicInfo info = Contract.topic(topic);
            assertThat(info.consumers()).as(topic).isNotEmpty().doesNotContain(info.producer());
            assertThat(info.description()).as(topic).isNotBlank();
        }
    }

    @Test
    void every_example_decodes_back_to_itself_and_reveals_no_secret() {
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            HostmoveEvent example = SampleValues.event(entry.javaType());
            Service producer = Contract.topic(entry.topic()).producer();
            EventEnvelope envelope = SampleValues.envelope(entry.javaType(), producer);
            String json = CloudEventCodec.toJson(example);

            DecodedEvent decoded = CloudEventCodec.decode(CloudEventCodec.toHeaders(envelope), json);

            assertThat(decoded.payload()).as(entry.type()).isEqualTo(example);
            assertThat(decoded.envelope()).as(entry.type()).isEqualTo(envelope);
            assertThat(json.toLowerCase(Locale.ROOT)).as(entry.type())
                    .doesNotContain("password", "passwd", "secret", "private key", "token", "-----begin");
        }
    }

    @Test
    void every_header_the_codec_writes_is_documented() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (var field : CloudEventCodec.class.getFields()) {
            if (field.getName().startsWith("H_")) {
                constants.add((String) field.get(null));
            }
        }
        EventEnvelope envelope = SampleValues.envelope(MigrationLifecycle.MigrationCompleted.class, Service.PLANNER);
        List<String> written = new ArrayList<>();
        CloudEventCodec.toHeaders(envelope).forEach(header -> written.add(header.key()));

        assertThat(written).containsExactlyInAnyOrderElementsOf(constants);
        constants.forEach(header -> assertThat(Contract.headerMeaning(header)).isNotBlank());
    }

    @Test
    void every_field_note_names_a_field_that_exists() {
        Set<String> fields = EventCatalog.entries().stream()
                .flatMap(entry -> Arrays.stream(entry.javaType().getRecordComponents()))
                .flatMap(component -> names(component).stream())
                .collect(Collectors.toSet());
        Contract.valueTypes().stream().filter(Class::isRecord)
                .flatMap(type -> Arrays.stream(type.getRecordComponents()))
                .forEach(component -> fields.addAll(names(component)));

        assertThat(Contract.FIELD_NOTES.keySet())
                .as("notes in %s for fields that no longer exist", Contract.class.getSimpleName())
                .allSatisfy(note -> assertThat(fields).contains(note));
    }

    @Test
    void every_constant_note_names_a_constant_that_exists() {
        Set<String> constants = Contract.valueTypes().stream().filter(Class::isEnum)
                .flatMap(type -> Arrays.stream(type.getEnumConstants())
                        .map(constant -> Contract.displayName(type) + "." + ((Enum<?>) constant).name()))
                .collect(Collectors.toSet());

        assertThat(constants).containsAll(Contract.CONSTANT_NOTES.keySet());
    }

    @Test
    void every_reference_in_the_asyncapi_document_resolves() {
        JsonNode document = EventDocs.asyncApiTree(root);
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
        assertThat(document.path("operations").size())
                .isEqualTo(Topics.ALL.stream().mapToInt(t -> 1 + Contract.topic(t).consumers().size()).sum());
    }

    private static List<String> names(RecordComponent component) {
        return List.of(component.getName(),
                component.getDeclaringRecord().getSimpleName() + "." + component.getName());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }

    private void check(String relativePath, String rendered) throws IOException {
        Path file = root.resolve(relativePath);
        if (Boolean.getBoolean(EventDocs.WRITE_PROPERTY)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
            System.out.println("EventDocsTest wrote " + file);
            return;
        }
        if (!Files.exists(file)) {
            fail(relativePath + " does not exist yet. Generate it with:\n\n    " + EventDocs.REGENERATE + "\n");
        }
        String committed = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!committed.equals(rendered)) {
            fail(relativePath + " is out of date with the event contract. It is generated from the code; do not "
                    + "edit it by hand. Regenerate it with\n\n    " + EventDocs.REGENERATE
                    + "\n\nand commit the result. " + firstDifference(committed, rendered));
        }
    }

    private static String firstDifference(String committed, String rendered) {
        String[] have = committed.split("\n", -1);
        String[] want = rendered.split("\n", -1);
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            String a = i < have.length ? have[i] : "<end of file>";
            String b = i < want.length ? want[i] : "<end of file>";
            if (!a.equals(b)) {
                int column = 0;
                while (column < Math.min(a.length(), b.length()) && a.charAt(column) == b.charAt(column)) {
                    column++;
                }
                return "First difference, line " + (i + 1) + " column " + (column + 1) + ":\n  file:     "
                        + around(a, column) + "\n  contract: " + around(b, column);
            }
        }
        return "";
    }

    /** Up to 120 characters of {@code line} around {@code column}. */
    private static String around(String line, int column) {
        int from = Math.max(0, Math.min(column - 60, line.length() - 120));
        int to = Math.min(line.length(), from + 120);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }
}
