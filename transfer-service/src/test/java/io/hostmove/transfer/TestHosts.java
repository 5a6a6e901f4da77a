package io.hostmove.transfer;

import io.hostmove.events.MigrationStep;
import io.hostmove.events.TransferResult.TransferProgressed;
import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.events.testing.Broker;
import io.hostmove.events.testing.EventTap;
import io.hostmove.transfer.persistence.FilePass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.MemorySize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The authorized_keys file of a host's login user. */
    static Path authorizedKeys(String side) {
        String state = env("HOSTMOVE_STATE_DIR", Broker.repositoryRoot().resolve(".run").toString());
        return Path.of(state, "hosts", side, "ssh", "authorized_keys");
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

    /** Delivers a message into a maildir as a mail server does (written to tmp/, then renamed into new/). */
    static Path deliver(Path maildir, String uniqueName) throws IOException {
        String message = "From: Ola Nordmann <ola@example.no>\nTo: post@nordlys-bakeri.example\nSubject: "
                + uniqueName + "\nMessage-ID: <" + uniqueName + "@example.no>\n\nHei!\n";
        Path tmp = Files.createDirectories(maildir.resolve("tmp")).resolve(uniqueName);
        Files.writeString(tmp, message, StandardCharsets.UTF_8);
        return Files.move(tmp, Files.createDirectories(maildir.resolve("new")).resolve(uniqueName));
    }

    /** The files of a maildir's messages (any folder, new/ or cur/, any flags) whose unique name is {@code unique}. */
    static List<Path> copies(Path maildir, String unique) throws IOException {
        if (!Files.isDirectory(maildir)) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>(List.of(maildir));
        try (var subfolders = Files.newDirectoryStream(maildir, entry -> entry.getFileName().toString().startsWith("."))) {
            subfolders.forEach(folders::add);
        }
        List<Path> copies = new ArrayList<>();
        for (Path folder : folders) {
            for (String part : List.of("cur", "new")) {
                Path dir = folder.resolve(part);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                // Names only, nothing stat'ed: a copy running meanwhile renames its temporary files (".name.XXXXXX").
                try (var names = Files.newDirectoryStream(dir, entry -> {
                    String name = entry.getFileName().toString();
                    return !name.startsWith(".") && name.split("[:,]")[0].equals(unique);
                })) {
                    names.forEach(copies::add);
                }
            }
        }
        return copies;
    }

    /** Writes {@code megabytes} of random data: a copy of it takes long enough to report progress. */
    static void bigFile(Path file, int megabytes) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] chunk = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(megabytes);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                for (int j = 0; j < chunk.length; j += 8) {
                    long value = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        chunk[j + k] = (byte) (value >>> (8 * k));
                    }
                }
                out.write(chunk);
            }
        }
    }

    /**
     * The progress events of a step: several, at least {@code interval} apart (a little less for the time it takes
     * to publish one), never going back, never more done than in all, the last one at least {@code bytes} in all.
     */
    static void assertSteadyProgress(List<EventTap.Received> events, MigrationStep step, Duration interval,
                                     long bytes) {
        List<EventTap.Received> progress = events.stream()
                .filter(r -> r.event().payload() instanceof TransferProgressed p && p.step() == step).toList();
        assertThat(progress).as("progress events of " + step).hasSizeGreaterThanOrEqualTo(2);
        long done = 0;
        for (int i = 0; i < progress.size(); i++) {
            TransferProgressed event = progress.get(i).payload(TransferProgressed.class);
            assertThat(event.bytesDone()).as("bytes done never go back").isGreaterThanOrEqualTo(done);
            assertThat(event.bytesDone()).isLessThanOrEqualTo(event.bytesTotal());
            assertThat(event.bytesPerSecond()).isNotNegative();
            assertThat(event.etaSeconds()).isNotNegative();
            done = event.bytesDone();
            if (i > 0) {
                Duration gap = Duration.between(progress.get(i - 1).event().envelope().time(),
                        progress.get(i).event().envelope().time());
                assertThat(gap).as("time between two progress events").isGreaterThan(interval.multipliedBy(4).dividedBy(5));
            }
        }
        assertThat(progress).anySatisfy(r -> assertThat(r.payload(TransferProgressed.class).bytesPerSecond()).isPositive());
        assertThat(progress.get(progress.size() - 1).payload(TransferProgressed.class).bytesTotal())
                .isGreaterThanOrEqualTo(bytes);
    }

    /**
     * The migration's pre-copy held the configured pace: its files moved no faster than the bandwidth (with a
     * tenth for rounding and for rsync's own accounting), while the copy was big enough to be held back.
     */
    static void assertPaced(UUID migration, MemorySize bandwidth) {
        FilePass pass = QuarkusTransaction.requiringNew().call(() -> FilePass.<FilePass>find(
                "migrationId = ?1 and work = 'PRE_COPY' order by id", migration).firstResult());
        assertThat(pass.bytes).as("bytes of the pre-copy").isGreaterThan(bandwidth.asLongValue());
        assertThat(pass.bytes * 1000.0 / pass.millis).as("bytes per second of the pre-copy (%d in %d ms)",
                pass.bytes, pass.millis).isLessThanOrEqualTo(bandwidth.asLongValue() * 1.1);
    }

    /** The database password the account's wp-config.php holds (a secret no event or log may carry). */
    static String wpPassword(Path home) throws IOException {
        String config = Files.readString(home.resolve("public_html/wp-config.php"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("'DB_PASSWORD',\\s*'([^']*)'").matcher(config);
        assertThat(m.find()).isTrue();
        return m.group(1);
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
