package io.hostmove.transfer.files;

import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.Progress;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.SshConnector;
import org.jboss.logmanager.LogContext;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * The relay benchmark's runner ({@code bench/transfer/relay.sh} builds the tree and calls it): copies one tree
 * from the old test host to the new one with {@code ssh old tar c | ssh new tar x} (OpenSSH's default cipher,
 * then pinned to the relay's AES-GCM) and with the service's relay ({@link RelaySync#mirror} through sshj), in
 * a rotating order, into empty targets, and prints each run and the ratios of the medians as Markdown.
 *
 * <p>Arguments: source directory (old host), target directories for the relay and for tar (new host), runs, and
 * the bytes of the tree's files (for MB/s).
 * Environment: {@code HOSTMOVE_HOSTS_SSH_PORT}, {@code HOSTMOVE_BENCH_OLD_KEY}/{@code _NEW_KEY} (host key
 * fingerprints), {@code HOSTMOVE_BENCH_CLIENT} (the hosts' client directory: key and ssh_config).
 */
public final class RelayBenchmark {

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Outside Quarkus nothing sets log levels, and sshj at TRACE hex-dumps every packet: 10x slower.
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
        LogContext.getLogContext().getLogger("net.schmizz").setLevel(Level.WARNING);
        String source = args[0];
        String relayTarget = args[1];
        String tarTarget = args[2];
        int runs = Integer.parseInt(args[3]);
        long treeBytes = Long.parseLong(args[4]);
        Path client = Path.of(System.getenv("HOSTMOVE_BENCH_CLIENT"));
        int port = Integer.parseInt(System.getenv("HOSTMOVE_HOSTS_SSH_PORT"));
        HostSpec old = new HostSpec("old", "127.0.0.2", port, "root", System.getenv("HOSTMOVE_BENCH_OLD_KEY"),
                "127.0.0.2", null);
        HostSpec neu = new HostSpec("new", "127.0.0.3", port, "root", System.getenv("HOSTMOVE_BENCH_NEW_KEY"),
                "127.0.0.3", null);
        SshConnector connector = connector(client.resolve("id_ed25519"));
        String ssh = "ssh -F " + client.resolve("ssh_config");

        String gcm = ssh + " -c aes128-gcm@openssh.com";
        List<String> tools = List.of("`ssh old tar c | ssh new tar x`",
                "the same with `ssh -c aes128-gcm@openssh.com`", "relay (tar → sshj → tar, RelaySync)");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        tools.forEach(tool -> seconds.put(tool, new ArrayList<>()));
        long streamed = 0;
        System.out.println("| run | tool | seconds | MB/s |");
        System.out.println("|---|---|---|---|");
        for (int run = 0; run < runs; run++) {
            // A rotating order evens out what the page cache and the machine's other work do to each tool.
            for (int turn = 0; turn < tools.size(); turn++) {
                int tool = (run + turn) % tools.size();
                String target = tool == 2 ? relayTarget : tarTarget;
                shell(ssh + " new " + quote("rm -rf " + quote(target) + " && mkdir -p " + quote(target)));
                long started = System.nanoTime();
                if (tool == 2) {
                    try (RemoteHost from = connector.connect(old); RemoteHost to = connector.connect(neu)) {
                        streamed = new RelaySync(from, source, to, target, 0).mirror(Progress.NONE).bytes();
                    }
                } else {
                    String openssh = tool == 0 ? ssh : gcm;
                    shell(openssh + " old " + quote("tar -C " + quote(source) + " -cf - .") + " | " + openssh
                            + " new " + quote("tar -C " + quote(target) + " -xf -"));
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                seconds.get(tools.get(tool)).add(elapsed);
                System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.0f |%n", run + 1, tools.get(tool), elapsed,
                        treeBytes / 1e6 / elapsed);
            }
        }
        double tar = median(seconds.get(tools.get(0)));
        double tarGcm = median(seconds.get(tools.get(1)));
        double relay = median(seconds.get(tools.get(2)));
        System.out.printf(Locale.ROOT, "%nMedians: tar %.2f s, tar with AES-GCM %.2f s, relay %.2f s. Relay "
                + "throughput / tar throughput = **%.2f** (goal ≥ 0.7); against tar with the relay's cipher: %.2f. "
                + "%d bytes of files, %d bytes through the relay per run.%n", tar, tarGcm, relay, tar / relay,
                tarGcm / relay, treeBytes, streamed);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void shell(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed (exit " + process.exitValue() + ")");
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The service's connector with only what it reads of the configuration: the key and a timeout. */
    private static SshConnector connector(Path key) throws ReflectiveOperationException {
        TransferConfig.Ssh ssh = (TransferConfig.Ssh) Proxy.newProxyInstance(RelayBenchmark.class.getClassLoader(),
                new Class<?>[] {TransferConfig.Ssh.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "privateKeyFile" -> key;
                    case "connectTimeout" -> Duration.ofSeconds(10);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        TransferConfig config = (TransferConfig) Proxy.newProxyInstance(RelayBenchmark.class.getClassLoader(),
                new Class<?>[] {TransferConfig.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("ssh")) {
                        return ssh;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SshConnector connector = new SshConnector();
        Field field = SshConnector.class.getDeclaredField("config");
        field.setAccessible(true);
        field.set(connector, config);
        return connector;
    }
}
