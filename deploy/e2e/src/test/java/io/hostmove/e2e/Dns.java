package io.hostmove.e2e;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Asks one name server directly, as a resolver asking the authoritative servers would. */
final class Dns {

    /** Our primary and secondary. */
    static final List<String> OUR_SERVERS = List.of("127.0.0.11", "127.0.0.12");
    /** The provider hosting the zones of customers whose DNS is elsewhere. */
    static final String EXTERNAL = "127.0.0.13";

    private Dns() {
    }

    /** The A records of {@code domain} as {@code server} serves them. */
    static List<String> addresses(String server, String domain) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server, Peers.NS_PORT));
            resolver.setTimeout(Duration.ofSeconds(3));
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(domain + "."), Type.A,
                    DClass.IN)));
            if (answer.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException(server + " answered " + Rcode.string(answer.getRcode()) + " for "
                        + domain);
            }
            return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                    .map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
