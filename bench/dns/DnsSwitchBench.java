import io.hostmove.dns.DnsClient;
import io.hostmove.dns.NameServer;
import io.hostmove.dns.Rdata;
import io.hostmove.dns.TsigKey;
import io.hostmove.dns.Verifier;
import io.hostmove.dns.Verifier.Check;
import io.hostmove.dns.Verifier.Expectation;
import io.hostmove.dns.ZoneUpdater;
import io.hostmove.dns.ZoneUpdater.RrsetEdit;
import io.hostmove.dns.ZoneUpdater.ZoneEdit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Switches zones with the dns-service's own code (ZoneUpdater: one TSIG-signed RFC 2136 update per zone with
 * value-dependent prerequisites, then the zone's serial; Verifier: asks a server for the serial and every RRset)
 * and verifies each zone on ns1 and ns2 until both serve the new data and serial. Updates go out with a bounded
 * number in flight; verification follows in rounds (first the serial, then every RRset, and only on the servers
 * not yet seen serving the zone), as the service's does.
 *
 * Usage: java -cp CLASSPATH DnsSwitchBench.java PORT KEYFILE ZONES_FILE FROM_IP TO_IP CONCURRENCY
 *        [WARM_UP_ZONES_FILE WARM_UP_HOME_IP WARM_UP_AWAY_IP]   (the warm-up zones go away and back home, untimed)
 */
public class DnsSwitchBench {

    record ZoneTask(ZoneEdit edit, List<Expectation> expectations) {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        TsigKey key = TsigKey.load(Optional.of(Path.of(args[1])), Optional.empty(), Optional.empty(), "hmac-sha256");
        List<String> zones = Files.readAllLines(Path.of(args[2])).stream().filter(z -> !z.isBlank()).toList();
        String from = args[3];
        String to = args[4];
        int concurrency = Integer.parseInt(args[5]);

        DnsClient client = new DnsClient(Duration.ofSeconds(2), 3);
        List<NameServer> servers = List.of(new NameServer("ns1.hostmove.example", "127.0.0.11", port),
                new NameServer("ns2.hostmove.example", "127.0.0.12", port));
        ZoneUpdater updater = new ZoneUpdater(client, servers.get(0), key);
        Verifier verifier = new Verifier(client);

        if (args.length > 6) {
            // The service is a long-running process: its code runs compiled, so this one warms up first, untimed.
            List<String> warmUp = Files.readAllLines(Path.of(args[6])).stream().filter(z -> !z.isBlank()).toList();
            String home = args[7];
            String away = args[8];
            for (String[] way : new String[][]{{home, away}, {away, home}}) {
                Result warm = switchAll(updater, verifier, servers, warmUp, way[0], way[1], concurrency);
                if (!warm.failures().isEmpty()) {
                    System.out.println("warm-up failed: " + warm.failures().get(0));
                    System.exit(1);
                }
            }
            System.out.printf("dns-service code: warmed up on %d other zones (switched there and back)%n",
                    warmUp.size());
        }

        Result result = switchAll(updater, verifier, servers, zones, from, to, concurrency);
        System.out.printf("dns-service code: all updates answered after %d ms; %d verification rounds, the longest"
                + " %d ms%n", result.updatesMillis(), result.rounds(), result.longestRoundMillis());
        System.out.printf("dns-service code: %d zones switched and verified on ns1+ns2 in %d ms (%d failed)%n",
                result.verified(), result.millis(), result.failures().size());
        result.failures().stream().limit(5).forEach(f -> System.out.println("  failed: " + f));
        System.out.println("millis=" + result.millis());
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }

    record Result(int verified, long updatesMillis, long millis, int rounds, long longestRoundMillis,
                  List<String> failures) {
    }

    /** Switches every zone and waits until ns1 and ns2 serve it: the timed work. */
    static Result switchAll(ZoneUpdater updater, Verifier verifier, List<NameServer> servers, List<String> zones,
                            String from, String to, int concurrency) throws InterruptedException {
        List<ZoneTask> tasks = zones.stream().map(zone -> task(zone, from, to)).toList();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MINUTES.toNanos(5);
        // Updates go out as fast as the primary takes them; verification follows in rounds, as the service's does.
        Semaphore inFlight = new Semaphore(concurrency);
        Queue<Updated> updated = new ConcurrentLinkedQueue<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long[] updatesDone = new long[1];
        Thread sender = new Thread(() -> {
            List<CompletableFuture<Long>> sent = new ArrayList<>();
            for (ZoneTask task : tasks) {
                inFlight.acquireUninterruptibly();
                sent.add(updater.apply(task.edit()).whenComplete((serial, error) -> {
                    if (error != null) {
                        failures.add(task.edit().zone() + ": " + ZoneUpdater.unwrap(error).getMessage());
                    } else {
                        Set<NameServer> waiting = ConcurrentHashMap.newKeySet();
                        waiting.addAll(servers);
                        updated.add(new Updated(task, serial, waiting));
                    }
                    inFlight.release();
                }));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            updatesDone[0] = System.nanoTime();
        });
        sender.start();
        List<Updated> pending = new ArrayList<>();
        int verified = 0;
        int rounds = 0;
        long longestRound = 0;
        // Bursts of hundreds of queries overflow the primary's UDP buffer and cost updates their answers.
        Semaphore queries = new Semaphore(32);
        while (verified + failures.size() < tasks.size()) {
            for (Updated next; (next = updated.poll()) != null; ) {
                pending.add(next);
            }
            long roundStarted = System.nanoTime();
            List<CompletableFuture<Boolean>> round = new ArrayList<>();
            for (Updated zone : pending) {
                round.add(served(verifier, zone, queries));
            }
            List<Updated> still = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (!round.get(i).join()) {
                    still.add(pending.get(i));
                }
            }
            rounds++;
            longestRound = Math.max(longestRound, System.nanoTime() - roundStarted);
            verified += pending.size() - still.size();
            pending = still;
            if (System.nanoTime() > deadline) {
                pending.forEach(zone -> failures.add(zone.task().edit().zone() + ": not served by both servers"));
                break;
            }
            if (verified + failures.size() < tasks.size()) {
                // Asking a thousand zones again every few milliseconds only takes CPU from the servers' transfers.
                Thread.sleep(100);
            }
        }
        sender.join();
        return new Result(verified, TimeUnit.NANOSECONDS.toMillis(updatesDone[0] - started),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), rounds,
                TimeUnit.NANOSECONDS.toMillis(longestRound), List.copyOf(failures));
    }

    /** A zone its update reached, and the servers not yet seen serving it. */
    record Updated(ZoneTask task, long serial, Set<NameServer> waiting) {
    }

    /**
     * Every server not yet seen serving the zone's new serial and RRsets serves them now (the service's own
     * check); a server that served them is not asked again, as in the service.
     */
    static CompletableFuture<Boolean> served(Verifier verifier, Updated zone, Semaphore queries) {
        List<CompletableFuture<Check>> checks = zone.waiting().stream().map(server -> limited(queries,
                () -> verifier.check(server, zone.task().edit().zone(), zone.serial(), zone.task().expectations())))
                .toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            checks.stream().map(CompletableFuture::join).filter(Check::done).forEach(c -> zone.waiting().remove(c.server()));
            return zone.waiting().isEmpty();
        });
    }

    static CompletableFuture<Check> limited(Semaphore queries, Supplier<CompletableFuture<Check>> check) {
        queries.acquireUninterruptibly();
        return check.get().whenComplete((c, e) -> queries.release());
    }

    /** Apex, www and mail A records and the SPF record move from one address to the other, in one update. */
    static ZoneTask task(String zone, String from, String to) {
        List<RrsetEdit> edits = new ArrayList<>();
        List<Expectation> expectations = new ArrayList<>();
        for (String name : List.of(zone + ".", "www." + zone + ".", "mail." + zone + ".")) {
            edits.add(new RrsetEdit(name, "A", List.of(from), 120, List.of(to)));
            expectations.add(new Expectation(name, "A", List.of(to), null));
        }
        String spf = Rdata.txt("v=spf1 ip4:" + to + " mx -all");
        edits.add(new RrsetEdit(zone + ".", "TXT", List.of(Rdata.txt("v=spf1 ip4:" + from + " mx -all")), 120,
                List.of(spf)));
        expectations.add(new Expectation(zone + ".", "TXT", List.of(spf), null));
        return new ZoneTask(new ZoneEdit(zone, edits), expectations);
    }
}
