package io.hostmove.transfer;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.events.testing.Broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The old and new test hosts that deploy/hosts.sh runs on 127.0.0.2 and 127.0.0.3, as the tests see them. */
final class TestHosts {

    static final Path ROOT = Path.of(env("HOSTMOVE_HOSTS_ROOT", "/srv/hostmove"));
    static final int SSH_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_SSH_PORT", "2222"));
    static final int HTTP_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_HTTP_PORT", "8088"));
    static final int MARIADB_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_MARIADB_PORT", "3306"));

    private TestHosts() {
    }

    static HostSpec old() {
        return new HostSpec("old-web-1", "127.0.0.2", SSH_PORT, "root", fingerprint("old"), "127.0.0.2", null);
    }

    static HostSpec neu() {
        return new HostSpec("new-web-1", "127.0.0.3", SSH_PORT, "root", fingerprint("new"), "127.0.0.3", null);
    }

    static Path home(String side, String user) {
        return ROOT.resolve(side).resolve("home").resolve(user);
    }

    /** The seeded WordPress-like account, as the planner would describe it. */
    static AccountSpec nordlys(HostSpec old) {
        String home = home("old", "nordlys").toString();
        return new AccountSpec(UUID.randomUUID(), "nordlys", home, home("new", "nordlys").toString(), old, neu(),
                List.of(new SiteSpec("nordlys-bakeri.example", List.of("www.nordlys-bakeri.example"),
                        home + "/public_html")),
                List.of(new DatabaseSpec("mariadb", "nordlys_wp", "nordlys_wp")),
                List.of(new MailboxSpec("post@nordlys-bakeri.example", home + "/Maildir/post")),
                List.of("nordlys-bakeri.example", "www.nordlys-bakeri.example"));
    }

    static void seed(String... accounts) {
        List<String> command = new ArrayList<>(List.of("seed"));
        command.addAll(List.of(accounts));
        run(command.toArray(String[]::new));
    }

    static String fingerprint(String side) {
        return run("fingerprint", side).strip();
    }

    /** The HTTP status and body a host's web server gives for {@code domain}. */
    static String[] get(String address, String domain) {
        String out = exec("curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H", "Host: " + domain,
                "http://" + address + ":" + HTTP_PORT + "/");
        int cut = out.lastIndexOf('\n');
        return new String[] {out.substring(cut + 1).strip(), out.substring(0, cut)};
    }

    static String mariadb(String address, String sql) {
        return exec("mariadb", "-h", address, "-P", Integer.toString(MARIADB_PORT), "-u", "root", "-N", "-B", "-e",
                sql).strip();
    }

    private static String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", Broker.repositoryRoot().resolve("deploy/hosts.sh")
                .toString()));
        command.addAll(List.of(arguments));
        return exec(command.toArray(String[]::new));
    }

    private static String exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Relative path → size and SHA-256 of every regular file below {@code root}, and → "link:" and the target of
     * every symbolic link (links are not followed), skipping what {@code skip} names.
     */
    static SortedMap<String, String> tree(Path root, String... skip) throws IOException {
        SortedMap<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                String relative = root.relativize(file).toString();
                if (List.of(skip).stream().anyMatch(relative::endsWith)) {
                    continue;
                }
                if (Files.isSymbolicLink(file)) {
                    files.put(relative, "link:" + Files.readSymbolicLink(file));
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] bytes = Files.readAllBytes(file);
                    files.put(relative, bytes.length + ":" + HexFormat.of().formatHex(sha256(bytes)));
                }
            }
        }
        return files;
    }

    /** How many regular files a {@link #tree} holds, and their bytes. */
    static long[] filesAndBytes(SortedMap<String, String> tree) {
        long[] totals = new long[2];
        tree.values().stream().filter(v -> !v.startsWith("link:")).forEach(v -> {
            totals[0]++;
            totals[1] += Long.parseLong(v.split(":")[0]);
        });
        return totals;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
