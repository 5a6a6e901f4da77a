package io.hostmove.dns;

import io.hostmove.events.DnsRequest.DnsTarget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpfTest {

    private static final Addresses MOVE = Addresses.of(new DnsTarget(List.of("x.example"), "192.0.2.10",
            "2001:db8::10", "198.51.100.20", "2001:db8:1::20"));
    private static final Addresses MOVE_WITHOUT_IPV6 = Addresses.of(new DnsTarget(List.of("x.example"),
            "192.0.2.10", "2001:db8::10", "198.51.100.20", null));

    @ParameterizedTest(name = "{0}  →  {1}")
    @DisplayName("the old host's addresses in ip4:/ip6: mechanisms become the new host's; nothing else changes")
    @CsvSource(delimiter = '|', value = {
            "v=spf1 ip4:192.0.2.10 mx -all                 | v=spf1 ip4:198.51.100.20 mx -all",
            "v=spf1 +ip4:192.0.2.10/32 -all                | v=spf1 +ip4:198.51.100.20 -all",
            "v=spf1 ip6:2001:db8::10 ~all                  | v=spf1 ip6:2001:db8:1::20 ~all",
            "v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 -all   | v=spf1 ip4:198.51.100.20 ip6:2001:db8:1::20 -all",
            "v=spf1 IP4:192.0.2.10 include:_spf.mail.example -all | v=spf1 ip4:198.51.100.20 include:_spf.mail.example -all",
            "v=spf1 ip4:192.0.2.0/24 -all                  | v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.20 -all",
            "v=spf1 ip4:192.0.2.10 ip4:198.51.100.0/24 -all | v=spf1 ip4:198.51.100.0/24 -all",
    })
    void rewritesTheOldAddress(String before, String after) {
        assertThat(Spf.rewrite(before, MOVE)).contains(after);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("records that do not let the old host send by address are left alone")
    @CsvSource(delimiter = '|', value = {
            "v=spf1 mx a -all",
            "v=spf1 -ip4:192.0.2.10 mx -all",
            "v=spf1 ip4:192.0.2.11 -all",
            "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.20 -all",
            "google-site-verification=192.0.2.10",
            "v=spf10 ip4:192.0.2.10",
    })
    void leavesOthersAlone(String record) {
        assertThat(Spf.rewrite(record, MOVE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}  →  {1}")
    @DisplayName("when the new host has no address of that family, the old one's mechanism goes")
    @CsvSource(delimiter = '|', value = {
            "v=spf1 ip4:192.0.2.10 ip6:2001:db8::10 -all | v=spf1 ip4:198.51.100.20 -all",
    })
    void dropsWhatHasNoSuccessor(String before, String after) {
        assertThat(Spf.rewrite(before, MOVE_WITHOUT_IPV6)).contains(after);
    }
}
