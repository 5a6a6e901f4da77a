package io.hostmove.transfer.bench;

import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.ssh.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the benchmarks run: the simulated hosts of {@code deploy/hosts.sh} as {@code deploy/test-env.sh}
 * describes them (old on 127.0.0.2, new on 127.0.0.3), the bench account's paths there, and the local commands
 * that stand for "an operator at a shell".
 */
final class BenchEnv {

    /** The bench account's Unix user and the stem of its databases; not one of the seeded sample accounts. */
    static final String USER = "benchref";
    /** The bench site's domain, served by both hosts' nginx. */
    static final String DOMAIN = "benchref.example";
    /** Every bench migration id starts so: a crashed run's leftovers can be found and removed (run.sh clean). */
    static final String MIGRATION_PREFIX = "bebe0000-0000-4000-8000-";

    final Path repo = Path.of(required("HOSTMOVE_REPO"));
    final Path state = Path.of(required("HOSTMOVE_STATE_DIR"));
    final Path root = Path.of(required("HOSTMOVE_HOSTS_ROOT"));
    final int sshPort = Integer.parseInt(required("HOSTMOVE_HOSTS_SSH_PORT"));
    final Path client = state.resolve("hosts/client");
    final int repetitions = Integer.parseInt(optional("HOSTMOVE_BENCH_REPS", "3"));
    final long seed = Long.parseLong(optional("HOSTMOVE_BENCH_SEED", "20250601"));
    final Path results = Path.of(optional("HOSTMOVE_BENCH_OUT",
            state.resolve("bench/transfer/results.md").toString()));
    final Path work = state.resolve("bench/transfer");

    private HostSpec old;
    private HostSpec neu;

    BenchEnv() {
        if (repetitions < 3) {
            throw new IllegalArgumentException("HOSTMOVE_BENCH_REPS must be at least 3 (got " + repetitions + ")");
        }
    }

    /** The old host under the inventory name the service's loopback configuration knows (old-web-1). */
    HostSpec old() {
        if (old == null) {
            old = new HostSpec("old-web-1", "127.0.0.2", sshPort, "root", fingerprint("old"), "127.0.0.2", null);
        }
        return old;
    }

    HostSpec neu() {
        if (neu == null) {
            neu = new HostSpec("new-web-1", "127.0.0.3", sshPort, "root", fingerprint("new"), "127.0.0.3", null);
        }
        return neu;
    }

    Path oldHome() {
        return root.resolve("old/home").resolve(USER);
    }

    Path newHome() {
        return root.resolve("new/home").resolve(USER);
    }

    /** Where the by-hand rsync writes on the new host, beside the service's copy. */
    Path byHandHome() {
        return root.resolve("new/home").resolve(USER + "-rsync");
    }

    Path maintenanceFile(String side) {
        return root.resolve(side).resolve("etc/maintenance").resolve(DOMAIN);
    }

    static UUID newMigrationId() {
        return UUID.fromString(MIGRATION_PREFIX + UUID.randomUUID().toString().substring(24));
    }

    /** {@code commandLine} run on a simulated host by an operator: ssh with the test client's config. */
    List<String> onHost(String side, String commandLine) {
        return List.of("ssh", "-F", client.resolve("ssh_config").toString(), side, commandLine);
    }

    /**
     * The ssh an operator on the new host uses to reach the old one: the test client's key and pinned
     * known_hosts, OpenSSH's default ciphers.
     */
    String operatorSsh() {
        return "ssh -p " + sshPort + " -i " + client.resolve("id_ed25519") + " -o IdentitiesOnly=yes"
                + " -o UserKnownHostsFile=" + client.resolve("known_hosts") + " -o StrictHostKeyChecking=yes"
                + " -o BatchMode=yes";
    }

    /** A pipeline of local commands, each already quoted, run by bash with pipefail. */
    static List<String> pipeline(List<String> first, List<String> second) {
        return List.of("bash", "-c", "set -o pipefail; " + Shell.command(first) + " | " + Shell.command(second));
    }

    /** Runs a local command to its end; its output, or an exception naming it and what it said. */
    static String run(List<String> command) {
        return run(command, null);
    }

    static String run(List<String> command, byte[] stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(2, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new IllegalStateException(describe(command) + " did not end within 2 hours");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
                throw new IllegalStateException(describe(command) + " failed (exit " + process.exitValue() + "): "
                        + (stderr.length() > 2000 ? stderr.substring(0, 2000) + "…" : stderr));
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + describe(command), e);
        }
    }

    /** Wall-clock seconds of a local command run to its end. */
    static double timed(List<String> command) {
        long started = System.nanoTime();
        run(command);
        return (System.nanoTime() - started) / 1e9;
    }

    /** Empties the kernel's dirty pages, so that one run's writes are not paid for by the next. */
    static void settle() {
        run(List.of("sync"));
    }

    /** An empty directory owned by the bench user, as a hosting platform creates a new account's home. */
    static void freshHome(Path home) {
        run(List.of("rm", "-rf", "--", home.toString()));
        run(List.of("install", "-d", "-o", USER, "-g", USER, "-m", "711", home.toString()));
    }

    static void log(String format, Object... args) {
        System.out.printf("bench: " + format + "%n", args);
        System.out.flush();
    }

    private String fingerprint(String side) {
        return run(List.of("bash", repo.resolve("deploy/hosts.sh").toString(), "fingerprint", side)).strip();
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(List<String> command) {
        String text = String.join(" ", command);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the benchmarks with bench/transfer/run.sh");
        }
        return value;
    }

    private static String optional(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static void writeString(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
