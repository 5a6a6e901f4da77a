package io.hostmove.dns;

import io.hostmove.dns.ZoneUpdater.RrsetEdit;
import io.hostmove.dns.ZoneUpdater.ZoneEdit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The RFC 2136 message a switch sends: prerequisites on the inspected data, then exactly the RRsets to replace. */
class ZoneUpdateMessageTest {

    @Test
    @DisplayName("every inspected record is a value-dependent prerequisite; the RRset is deleted and written anew")
    void prerequisitesThenReplacement() {
        Update update = ZoneUpdater.message(new ZoneEdit("x.example", List.of(
                new RrsetEdit("x.example.", "A", List.of("192.0.2.10", "203.0.113.5"), 300,
                        List.of("198.51.100.20", "203.0.113.5")))));

        List<Record> prerequisites = update.getSection(Section.PREREQ);
        assertThat(prerequisites).extracting(Record::rdataToString).containsExactly("192.0.2.10", "203.0.113.5");
        assertThat(prerequisites).allSatisfy(r -> {
            assertThat(r.getDClass()).isEqualTo(DClass.IN);
            assertThat(r.getTTL()).isZero();
        });
        List<Record> updates = update.getSection(Section.UPDATE);
        assertThat(updates.get(0).getType()).isEqualTo(Type.A);
        assertThat(updates.get(0).getDClass()).as("delete the whole RRset").isEqualTo(DClass.ANY);
        assertThat(updates.subList(1, updates.size())).extracting(Record::rdataToString)
                .containsExactly("198.51.100.20", "203.0.113.5");
        assertThat(updates.subList(1, updates.size())).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(300));
        assertThat(update.getSection(Section.ZONE)).singleElement()
                .satisfies(z -> assertThat(z.getName().toString()).isEqualTo("x.example."));
    }

    @Test
    @DisplayName("an RRset expected to be absent gets an 'RRset does not exist' prerequisite")
    void absentRrset() {
        Update update = ZoneUpdater.message(new ZoneEdit("x.example", List.of(
                new RrsetEdit("x.example.", "AAAA", List.of(), 300, List.of("2001:db8::1")))));

        assertThat(update.getSection(Section.PREREQ)).singleElement()
                .satisfies(r -> assertThat(r.getDClass()).isEqualTo(DClass.NONE));
    }
}
