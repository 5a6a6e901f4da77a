package io.hostmove.events;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogTest {

    @Test
    void every_topic_carries_events_and_every_event_has_one_type_and_one_topic() {
        assertThat(EventCatalog.entries().stream().map(EventCatalog.Entry::topic).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(EventCatalog.entries().stream().map(EventCatalog.Entry::type).distinct().count())
                .isEqualTo(EventCatalog.entries().size());
        EventCatalog.entries().forEach(entry ->
                assertThat(EventCatalog.classOf(entry.type())).isEqualTo(entry.javaType()));
    }

    @Test
    void event_names_never_clash_with_entity_names() {
        Set<String> entities = Set.of("Customer", "Host", "HostingAccount", "Migration", "PhaseRun", "Site",
                "Mailbox", "Database", "Domain", "OutboxMessage");
        assertThat(EventCatalog.entries()).extracting(e -> e.javaType().getSimpleName())
                .doesNotContainAnyElementsOf(entities);
    }

    @Test
    void every_failing_step_has_a_performer_that_reports_it() {
        assertThat(Arrays.stream(MigrationStep.values()).map(MigrationStep::performer).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Service.TRANSFER, Service.DNS);
    }
}
