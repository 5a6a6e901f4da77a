package io.hostmove.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a zone we do not control serves a change. The customer changes their records by hand, so the test is
 * what matters, not the exact spelling: the old host's address is gone and the new one's is there; no SPF record
 * still lets only the old host send.
 */
public final class Served {

    private Served() {
    }

    /** The data an authoritative answer holds for the change's RRset. */
    public static List<String> values(Message answer, RrsetChange change) {
        if (!answer.getHeader().getFlag(Flags.AA)) {
            throw new DnsStepException("the answer for " + change.name() + " is not authoritative ("
                    + Rcode.string(answer.getRcode()) + ")");
        }
        Name owner = Rdata.name(change.name());
        List<String> values = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record.getName().equals(owner) && record.getType() == Type.value(change.type())) {
                values.add(record.rdataToString());
            }
        }
        return values;
    }

    /** Whether {@code served} carries the change from the old to the new addresses of {@code addresses}. */
    public static boolean seen(RrsetChange change, List<String> served, Addresses addresses) {
        if ("TXT".equals(change.type())) {
            return served.stream().map(value -> Rdata.readable("TXT", value))
                    .noneMatch(text -> Spf.rewrite(text, addresses).isPresent());
        }
        Rrset rrset = new Rrset(change.name(), change.type(), change.ttl(), served);
        if (!ChangePlanner.plan(List.of(rrset), addresses).isEmpty()) {
            return false;
        }
        String wanted = Addresses.text("A".equals(change.type()) ? addresses.newIpv4() : addresses.newIpv6());
        return wanted == null || served.stream().anyMatch(value -> Rdata.sameValues(change.type(), List.of(value),
                List.of(wanted)));
    }
}
