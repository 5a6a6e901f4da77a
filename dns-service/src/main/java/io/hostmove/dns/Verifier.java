package io.hostmove.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one authoritative server whether it serves what we expect: the zone at least at a given serial, and each
 * RRset with exactly the expected data (and TTL, where one is expected).
 */
public final class Verifier {

    private final DnsClient client;

    public Verifier(DnsClient client) {
        this.client = client;
    }

    /**
     * What one RRset must look like.
     *
     * @param name   owner name, fully qualified
     * @param type   record type
     * @param values the data it must hold exactly; empty: it must not exist
     * @param ttl    the TTL it must have, or null for any
     */
    public record Expectation(String name, String type, List<String> values, Long ttl) {
    }

    /**
     * One server's answer to a check.
     *
     * @param server the server asked
     * @param done   true when it serves everything expected
     * @param detail what it still serves differently (or why it did not answer); empty when done
     */
    public record Check(NameServer server, boolean done, String detail) {
    }

    /**
     * Asks for the serial first and for the RRsets only once the server has it: a secondary that has not
     * transferred the change yet costs one query a round, not one per RRset.
     *
     * @param minSerial the zone's serial must be at least this (RFC 1982 order); null to skip the serial
     */
    public CompletableFuture<Check> check(NameServer server, String zone, Long minSerial,
                                          List<Expectation> expectations) {
        if (minSerial == null) {
            return rrsets(server, expectations);
        }
        return client.query(server, Rdata.name(zone + "."), Type.SOA)
                .thenCompose(answer -> {
                    String problem = serialProblem(answer, zone, minSerial);
                    return problem.isEmpty() ? rrsets(server, expectations)
                            : CompletableFuture.completedFuture(new Check(server, false, problem));
                })
                .exceptionally(error -> new Check(server, false, ZoneUpdater.unwrap(error).getMessage()));
    }

    private CompletableFuture<Check> rrsets(NameServer server, List<Expectation> expectations) {
        List<CompletableFuture<String>> parts = new ArrayList<>();
        for (Expectation expectation : expectations) {
            parts.add(client.query(server, Rdata.name(expectation.name()), Type.value(expectation.type()))
                    .thenApply(answer -> rrsetProblem(answer, expectation)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((ignored, error) -> {
            if (error != null) {
                return new Check(server, false, ZoneUpdater.unwrap(error).getMessage());
            }
            List<String> problems = parts.stream().map(CompletableFuture::join).filter(p -> !p.isEmpty()).toList();
            return new Check(server, problems.isEmpty(), String.join("; ", problems));
        });
    }

    private static String serialProblem(Message answer, String zone, long minSerial) {
        if (!answer.getHeader().getFlag(Flags.AA)) {
            return "does not serve zone " + zone + " (" + Rcode.string(answer.getRcode()) + ")";
        }
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof SOARecord soa) {
                return atLeast(soa.getSerial(), minSerial) ? ""
                        : "serves serial " + soa.getSerial() + " of " + zone + " (expected " + minSerial + " or later)";
            }
        }
        return "gives no SOA for zone " + zone;
    }

    private static String rrsetProblem(Message answer, Expectation expectation) {
        if (!answer.getHeader().getFlag(Flags.AA)) {
            return "answers for " + expectation.name() + " without authority (" + Rcode.string(answer.getRcode())
                    + ")";
        }
        Name owner = Rdata.name(expectation.name());
        int type = Type.value(expectation.type());
        List<String> values = new ArrayList<>();
        List<Long> ttls = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record.getName().equals(owner) && record.getType() == type) {
                values.add(record.rdataToString());
                ttls.add(record.getTTL());
            }
        }
        if (!Rdata.sameValues(expectation.type(), values, expectation.values())) {
            return expectation.name() + " " + expectation.type() + " is " + ZoneUpdater.show(expectation.type(), values)
                    + " (expected " + ZoneUpdater.show(expectation.type(), expectation.values()) + ")";
        }
        if (expectation.ttl() != null && !values.isEmpty() && ttls.stream().anyMatch(t -> !t.equals(expectation.ttl()))) {
            return expectation.name() + " " + expectation.type() + " has TTL " + ttls.get(0) + " (expected "
                    + expectation.ttl() + ")";
        }
        return "";
    }

    /** Serial number arithmetic (RFC 1982): {@code serial} is {@code min} or comes after it. */
    public static boolean atLeast(long serial, long min) {
        return ((serial - min) & 0xFFFFFFFFL) < 0x80000000L;
    }
}
