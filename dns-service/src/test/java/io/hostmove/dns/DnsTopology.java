package io.hostmove.dns;

import io.hostmove.events.testing.Broker;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real test DNS topology of deploy/dns.sh: adds zones and plays the customer through the script, and asks each
 * server with dnsjava what it serves.
 */
final class DnsTopology {

    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("HOSTMOVE_NS_PORT", "15353"));
    static final String PARENT = "127.0.0.10";
    static final String NS1 = "127.0.0.11";
    static final String NS2 = "127.0.0.12";
    static final String PROVIDER = "127.0.0.13";
    static final String OLD = "127.0.0.2";
    static final String NEW = "127.0.0.3";

    /** The records every test zone starts with: the old host at the apex, www, mail and in SPF. */
    static final String SITE = """
            @     120 IN A     127.0.0.2
            www   120 IN CNAME @
            @     120 IN MX    10 mail
            mail  120 IN A     127.0.0.2
            @     120 IN TXT   "v=spf1 ip4:127.0.0.2 mx -all"
            """;

    private DnsTopology() {
    }

    /** A zone name no other test run used. */
    static String uniqueZone(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    /** Creates (and delegates) a zone: kind {@code ours} (ns1 + ns2) or {@code external} (the provider). */
    static void addZone(String zone, String kind, String records, String... options) {
        List<String> args = new ArrayList<>(List.of("add-zone", zone, kind));
        args.addAll(List.of(options));
        script(records, args.toArray(String[]::new));
    }

    /** The customer changes their zone at the external provider (nsupdate lines, without `server`). */
    static void providerUpdate(String commands) {
        script(commands, "provider-update");
    }

    /** Someone changes one of our zones on the primary behind the dns-service's back (the control panel). */
    static void primaryUpdate(String commands) {
        script(commands, "primary-update");
    }

    /** Changes the parent zone (e.g. puts a domain there instead of delegating it). */
    static void parentUpdate(String commands) {
        script(commands, "parent-update");
    }

    static Path key(String name) {
        return Path.of(script("", "key", name).trim());
    }

    /** The data {@code server} answers for name/type, authoritatively (empty for none). */
    static List<String> values(String server, String name, String type) {
        return records(server, name, type).stream().map(Record::rdataToString).sorted().toList();
    }

    static long ttl(String server, String name, String type) {
        return records(server, name, type).stream().mapToLong(Record::getTTL).max().orElse(-1);
    }

    static long serial(String server, String zone) {
        return records(server, zone, "SOA").stream().map(r -> ((SOARecord) r).getSerial()).findFirst().orElse(-1L);
    }

    private static List<Record> records(String server, String name, String type) {
        Name owner = Rdata.name(name.endsWith(".") ? name : name + ".");
        Message query = Message.newQuery(Record.newRecord(owner, Type.value(type), DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server, PORT));
            resolver.setTimeout(Duration.ofSeconds(2));
            Message answer = resolver.send(query);
            if (!answer.getHeader().getFlag(Flags.AA)) {
                throw new IllegalStateException(server + " is not authoritative for " + name);
            }
            return answer.getSection(Section.ANSWER).stream()
                    .filter(r -> r.getName().equals(owner) && r.getType() == Type.value(type)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(server + " did not answer for " + name + ": " + e.getMessage(), e);
        }
    }

    /** The whole zone as ns1 holds it (AXFR signed with the service's key), one presentation line per record. */
    static List<String> zoneOnPrimary(String zone) {
        TsigKey key = TsigKey.fromFile(key("hostmove-update"), Optional.empty());
        try {
            ZoneTransferIn transfer = ZoneTransferIn.newAXFR(Rdata.name(zone + "."),
                    new InetSocketAddress(NS1, PORT), key.tsig());
            transfer.setTimeout(Duration.ofSeconds(5));
            transfer.run();
            return transfer.getAXFR().stream().filter(r -> r.getType() != Type.SOA).map(Record::toString)
                    .sorted().distinct().toList();
        } catch (Exception e) {
            throw new IllegalStateException("AXFR of " + zone + " from ns1 failed: " + e.getMessage(), e);
        }
    }

    private static String script(String stdin, String... args) {
        Path script = Broker.repositoryRoot().resolve("deploy/dns.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream output = process.getInputStream()) {
                output.transferTo(out);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("deploy/dns.sh " + String.join(" ", args) + " failed:\n" + out);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
