package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePlannerTest {

    private static final Addresses MOVE = Addresses.of(new DnsTarget(List.of("x.example"), "192.0.2.10",
            "2001:db8::10", "198.51.100.20", "2001:db8:1::20"));

    @Test
    @DisplayName("an A RRset swaps the old address for the new one and keeps every other address")
    void swapsOnlyTheOldAddress() {
        List<RrsetChange> changes = ChangePlanner.plan(List.of(
                new Rrset("x.example.", "A", 3600, List.of("192.0.2.10", "203.0.113.5"))), MOVE);

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.before()).containsExactly("192.0.2.10", "203.0.113.5");
            assertThat(change.after()).containsExactlyInAnyOrder("203.0.113.5", "198.51.100.20");
            assertThat(change.ttl()).isEqualTo(3600);
            assertThat(change.values()).containsExactly(new RrsetChange.ValueChange("192.0.2.10", "198.51.100.20"));
        });
    }

    @Test
    @DisplayName("records that do not name the old host are not planned at all")
    void ignoresOtherRecords() {
        List<RrsetChange> changes = ChangePlanner.plan(List.of(
                new Rrset("x.example.", "A", 300, List.of("203.0.113.5")),
                new Rrset("x.example.", "MX", 300, List.of("10 mail.x.example.")),
                new Rrset("x.example.", "TXT", 300, List.of("\"hello 192.0.2.10\""))), MOVE);

        assertThat(changes).isEmpty();
    }

    @Test
    @DisplayName("an AAAA record of the old host becomes the new host's, compared as addresses, not as text")
    void comparesIpv6AsAddresses() {
        List<RrsetChange> changes = ChangePlanner.plan(List.of(
                new Rrset("x.example.", "AAAA", 300, List.of("2001:db8:0:0:0:0:0:10"))), MOVE);

        assertThat(changes).singleElement().satisfies(change ->
                assertThat(Rdata.sameValues("AAAA", change.after(), List.of("2001:db8:1::20"))).isTrue());
    }

    @Test
    @DisplayName("an SPF TXT record is rewritten and other TXT records of the name stay as they are")
    void rewritesSpf() {
        List<RrsetChange> changes = ChangePlanner.plan(List.of(new Rrset("x.example.", "TXT", 300,
                List.of("\"v=spf1 ip4:192.0.2.10 mx -all\"", "\"site-verification=abc\""))), MOVE);

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.after()).containsExactly("\"site-verification=abc\"",
                    "\"v=spf1 ip4:198.51.100.20 mx -all\"");
            assertThat(change.values()).containsExactly(new RrsetChange.ValueChange("v=spf1 ip4:192.0.2.10 mx -all",
                    "v=spf1 ip4:198.51.100.20 mx -all"));
        });
    }

    @Test
    @DisplayName("a new address already in the RRset is not added twice")
    void noDuplicate() {
        List<RrsetChange> changes = ChangePlanner.plan(List.of(
                new Rrset("x.example.", "A", 300, List.of("192.0.2.10", "198.51.100.20"))), MOVE);

        assertThat(changes).singleElement().satisfies(change ->
                assertThat(change.after()).containsExactly("198.51.100.20"));
    }
}
