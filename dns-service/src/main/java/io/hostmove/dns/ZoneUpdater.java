package io.hostmove.dns;

import io.hostmove.dns.DnsClient.DnsUnreachableException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Changes a zone on our primary with one RFC 2136 update, signed with TSIG: the prerequisites say that every
 * RRset still holds exactly the data we expect, and only then is each replaced. Either all of a zone's RRsets
 * change or none does; nothing else in the zone is touched.
 */
public final class ZoneUpdater {

    private final DnsClient client;
    private final NameServer primary;
    private final TsigKey key;

    public ZoneUpdater(DnsClient client, NameServer primary, TsigKey key) {
        this.client = client;
        this.primary = primary;
        this.key = key;
    }

    /**
     * One RRset to replace.
     *
     * @param name        owner name, fully qualified
     * @param type        record type
     * @param expected    the data it must hold now (prerequisite); empty: it must not exist
     * @param ttl         TTL of the new records
     * @param replacement the data it gets; empty: it goes away
     */
    public record RrsetEdit(String name, String type, List<String> expected, long ttl, List<String> replacement) {
    }

    /** What one zone gets, in one update. */
    public record ZoneEdit(String zone, List<RrsetEdit> edits) {
    }

    public NameServer primary() {
        return primary;
    }

    /** The RFC 2136 message for {@code edit}; exposed so its prerequisites can be checked without a server. */
    public static Update message(ZoneEdit edit) {
        Update update = new Update(Rdata.name(edit.zone() + "."));
        for (RrsetEdit rrset : edit.edits()) {
            Name owner = Rdata.name(rrset.name());
            int type = Type.value(rrset.type());
            if (rrset.expected().isEmpty()) {
                update.absent(owner, type);
            } else {
                // Value-dependent prerequisite (RFC 2136 2.4.2): the RRset must be exactly these records.
                rrset.expected().forEach(value -> update.present(Rdata.record(owner, rrset.type(), 0, value)));
            }
        }
        for (RrsetEdit rrset : edit.edits()) {
            Name owner = Rdata.name(rrset.name());
            update.delete(owner, Type.value(rrset.type()));
            // The whole RRset is written again, so a TTL-only change takes effect on every server software.
            rrset.replacement().forEach(value -> update.add(Rdata.record(owner, rrset.type(), rrset.ttl(), value)));
        }
        return update;
    }

    /**
     * Sends the update and returns the zone's serial on the primary afterwards. Fails with the reason when the
     * primary refuses it, when a prerequisite does not hold (naming what the RRsets hold instead) or when it
     * does not answer.
     */
    public CompletableFuture<Long> apply(ZoneEdit edit) {
        Update update = message(edit);
        return client.update(primary, update, key.tsig())
                .thenComposeAsync(response -> {
                    checkResponse(edit, response);
                    return serial(edit.zone());
                }, client.executor());
    }

    /** The zone's serial on the primary now. */
    public CompletableFuture<Long> serial(String zone) {
        return client.query(primary, Rdata.name(zone + "."), Type.SOA).thenApply(answer -> {
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (record instanceof SOARecord soa) {
                    return soa.getSerial();
                }
            }
            throw new DnsStepException(primary.label() + " gives no SOA for zone " + zone + " ("
                    + Rcode.string(answer.getRcode()) + ")");
        });
    }

    private void checkResponse(ZoneEdit edit, Message response) {
        int rcode = response.getRcode();
        TSIGRecord tsig = response.getTSIG();
        int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
        if (tsigError != Rcode.NOERROR || rcode == Rcode.NOTAUTH && tsig == null) {
            throw new DnsStepException("update refused by " + primary.label() + ": TSIG key " + key.name() + " "
                    + tsigProblem(tsigError) + " (" + Rcode.string(rcode) + "); nothing in zone " + edit.zone()
                    + " changed. Check hostmove.dns.tsig against the key the primary trusts");
        }
        if (rcode == Rcode.NOERROR) {
            if (!response.isVerified()) {
                throw new DnsStepException(primary.label() + " answered the update of zone " + edit.zone()
                        + " without a valid signature of TSIG key " + key.name() + "; its answer cannot be trusted");
            }
            return;
        }
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN
                || rcode == Rcode.YXDOMAIN) {
            throw new PrerequisiteFailedException(edit.zone(), differences(edit));
        }
        if (rcode == Rcode.REFUSED) {
            throw new DnsStepException("update refused by " + primary.label() + " (REFUSED): TSIG key " + key.name()
                    + " may not update zone " + edit.zone() + "; nothing changed. Allow the key in the zone's "
                    + "update-policy on the primary");
        }
        if (rcode == Rcode.NOTZONE || rcode == Rcode.NOTAUTH) {
            throw new DnsStepException("update refused by " + primary.label() + " (" + Rcode.string(rcode)
                    + "): it is not the primary of zone " + edit.zone() + "; nothing changed. Check "
                    + "hostmove.dns.primary");
        }
        throw new DnsStepException(primary.label() + " did not apply the update of zone " + edit.zone() + " ("
                + Rcode.string(rcode) + "); nothing changed, see the name server's log");
    }

    private static String tsigProblem(int error) {
        if (error == Rcode.BADKEY) {
            return "is unknown to it (BADKEY)";
        }
        if (error == Rcode.BADSIG) {
            return "does not match its secret (BADSIG)";
        }
        if (error == Rcode.BADTIME) {
            return "signature is outside its time window (BADTIME: check both clocks)";
        }
        return "was not accepted (" + (error == Rcode.NOERROR ? "unsigned answer" : Rcode.TSIGstring(error)) + ")";
    }

    /** What the primary holds now for each RRset whose prerequisite failed, read right after the refusal. */
    private List<String> differences(ZoneEdit edit) {
        List<String> differences = new ArrayList<>();
        for (RrsetEdit rrset : edit.edits()) {
            List<String> now = current(rrset.name(), rrset.type());
            if (!Rdata.sameValues(rrset.type(), now, rrset.expected())) {
                differences.add(rrset.name() + " " + rrset.type() + " holds " + show(rrset.type(), now)
                        + " instead of " + show(rrset.type(), rrset.expected()));
            }
        }
        if (differences.isEmpty()) {
            differences.add("the records changed while the update was on its way");
        }
        return differences;
    }

    /** The RRset's data on the primary now; empty when it does not exist. */
    public List<String> current(String name, String type) {
        return currentRrset(name, type).values();
    }

    /** The RRset on the primary now, with its TTL (0 and no values when it does not exist). */
    public Rrset currentRrset(String name, String type) {
        Message answer;
        try {
            answer = client.querySync(primary, Rdata.name(name), Type.value(type));
        } catch (DnsUnreachableException e) {
            throw new DnsStepException("cannot read " + name + " " + type + ": " + e.getMessage());
        }
        if (!answer.getHeader().getFlag(Flags.AA)) {
            throw new DnsStepException(primary.label() + " answers for " + name + " without authority ("
                    + Rcode.string(answer.getRcode()) + "); it does not serve that zone");
        }
        List<String> values = new ArrayList<>();
        long ttl = 0;
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record.getName().equals(Rdata.name(name)) && record.getType() == Type.value(type)) {
                values.add(record.rdataToString());
                ttl = record.getTTL();
            }
        }
        return new Rrset(name, type, ttl, values);
    }

    static String show(String type, List<String> values) {
        if (values.isEmpty()) {
            return "nothing";
        }
        return String.join(", ", values.stream().map(value -> Rdata.readable(type, value)).toList());
    }

    /** A prerequisite did not hold: someone changed the records; nothing was written. */
    public static final class PrerequisiteFailedException extends DnsStepException {

        PrerequisiteFailedException(String zone, List<String> differences) {
            super("records in zone " + zone + " changed since they were inspected: " + String.join("; ", differences)
                    + ". Nothing was overwritten");
        }
    }

    /** The step failure inside {@code error}, however deeply an async stage wrapped it. */
    public static DnsStepException unwrap(Throwable error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof DnsStepException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return new DnsStepException("update failed: " + error, error);
        }
        return (DnsStepException) cause;
    }
}
