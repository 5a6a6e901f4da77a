package io.hostmove.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's deploy scripts, run with the test peers' settings (deploy/test.sh exported them) and the
 * end-to-end services' own ports and databases, so a running demo and the modules' tests are not disturbed.
 */
final class Peers {

    static final Path REPO = Path.of(System.getProperty("hostmove.repo", "../..")).toAbsolutePath().normalize();
    static final Path STATE = Path.of(env("HOSTMOVE_STATE_DIR", REPO.resolve(".run/test").toString()));
    static final Path HOSTS_ROOT = Path.of(env("HOSTMOVE_HOSTS_ROOT", "/srv/hostmove-test"));
    static final int SSH_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_SSH_PORT", "12222"));
    static final int HTTP_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_HTTP_PORT", "18088"));
    static final int MARIADB_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_MARIADB_PORT", "13306"));
    static final int HOSTS_PG_PORT = Integer.parseInt(env("HOSTMOVE_HOSTS_PG_PORT", "15432"));
    static final int NS_PORT = Integer.parseInt(env("HOSTMOVE_NS_PORT", "15353"));
    static final String KAFKA = "127.0.0.1:" + env("HOSTMOVE_KAFKA_PORT", "19092");
    static final int PLANNER_PORT = 18080;
    static final int NOTIFICATION_PORT = 18083;

    /** What the services of this test read besides the exported test settings. */
    private static final Map<String, String> SERVICE_ENV = Map.of(
            "HOSTMOVE_DB_SUFFIX", "_e2e",
            "HOSTMOVE_KAFKA_BOOTSTRAP", KAFKA,
            "HOSTMOVE_PLANNER_PORT", String.valueOf(PLANNER_PORT),
            "HOSTMOVE_TRANSFER_PORT", "18081",
            "HOSTMOVE_DNS_PORT", "18082",
            "HOSTMOVE_NOTIFICATION_PORT", String.valueOf(NOTIFICATION_PORT));

    private Peers() {
    }

    /** Runs {@code deploy/<script>} with {@code args}; fails with its output unless it exits 0. */
    static String run(String script, String... args) {
        return runWithInput(null, script, args);
    }

    /** Like {@link #run}, with {@code input} on the script's standard input. */
    static String runWithInput(String input, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("deploy").resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("hostmove-e2e-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(SERVICE_ENV);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 5 minutes");
            }
            String out = Files.readString(output);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A value the seeding wrote for an account, e.g. {@code DB_PASSWORD}, from hosts/accounts/<account>.env; read by
     * bash, because the file holds shell-quoted assignments.
     */
    static String accountSetting(String account, String key) {
        Path file = STATE.resolve("hosts/accounts/" + account + ".env");
        try {
            Process bash = new ProcessBuilder("bash", "-c", "source \"$1\" && printf %s \"${!2}\"", "_",
                    file.toString(), key).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String value = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (bash.waitFor() != 0 || value.isEmpty()) {
                throw new IllegalStateException(file + " has no " + key);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
