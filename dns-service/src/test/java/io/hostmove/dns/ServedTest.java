package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer changes records by hand: what counts as done. */
class ServedTest {

    private static final Addresses MOVE = Addresses.of(new DnsTarget(List.of("x.example"), "192.0.2.10", null,
            "198.51.100.20", null));
    private static final RrsetChange APEX = new RrsetChange("x.example.", "A", 300, List.of("192.0.2.10"),
            List.of("198.51.100.20"), List.of(new RrsetChange.ValueChange("192.0.2.10", "198.51.100.20")));
    private static final RrsetChange SPF = new RrsetChange("x.example.", "TXT", 300,
            List.of("\"v=spf1 ip4:192.0.2.10 -all\""), List.of("\"v=spf1 ip4:198.51.100.20 -all\""),
            List.of(new RrsetChange.ValueChange("v=spf1 ip4:192.0.2.10 -all", "v=spf1 ip4:198.51.100.20 -all")));

    @Test
    @DisplayName("an address record is done when the new address is there and the old one is gone")
    void addressDone() {
        assertThat(Served.seen(APEX, List.of("198.51.100.20"), MOVE)).isTrue();
        assertThat(Served.seen(APEX, List.of("198.51.100.20", "203.0.113.9"), MOVE)).isTrue();
        assertThat(Served.seen(APEX, List.of("192.0.2.10", "198.51.100.20"), MOVE)).isFalse();
        assertThat(Served.seen(APEX, List.of("192.0.2.10"), MOVE)).isFalse();
        assertThat(Served.seen(APEX, List.of(), MOVE)).isFalse();
    }

    @Test
    @DisplayName("an SPF record is done when it no longer lets only the old host send, however it is written")
    void spfDone() {
        assertThat(Served.seen(SPF, List.of("\"v=spf1 mx ip4:198.51.100.20 ~all\""), MOVE)).isTrue();
        assertThat(Served.seen(SPF, List.of("\"v=spf1 ip4:192.0.2.10 -all\""), MOVE)).isFalse();
    }
}
