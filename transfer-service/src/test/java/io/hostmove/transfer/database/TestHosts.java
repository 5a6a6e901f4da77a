package io.hostmove.transfer.database;

import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import io.hostmove.transfer.ssh.SshConnector;
import io.quarkus.runtime.configuration.MemorySize;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The two simulated hosts of {@code deploy/hosts.sh} (old on 127.0.0.2, new on 127.0.0.3), reached with the real
 * {@link SshConnector}. The repository root is {@code $HOSTMOVE_REPO} or the first directory above the working
 * directory that holds {@code deploy/hosts.sh}; like hosts.sh, this reads {@code HOSTMOVE_STATE_DIR} (default
 * {@code <repo>/.run}) and {@code HOSTMOVE_HOSTS_SSH_PORT} (default 2222), so the hosts of {@code deploy/test.sh}
 * work as well as those of a plain {@code deploy/hosts.sh start}.
 */
final class TestHosts {

    static final String OLD = "old";
    static final String NEW = "new";

    private TestHosts() {
    }

    static Path repo() {
        String env = System.getenv("HOSTMOVE_REPO");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/hosts.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/hosts.sh above " + Path.of("").toAbsolutePath()
                    + "; set HOSTMOVE_REPO");
        }
        return dir;
    }

    static Path stateDir() {
        String env = System.getenv("HOSTMOVE_STATE_DIR");
        return env == null || env.isBlank() ? repo().resolve(".run") : Path.of(env);
    }

    static int sshPort() {
        String env = System.getenv("HOSTMOVE_HOSTS_SSH_PORT");
        return env == null || env.isBlank() ? 2222 : Integer.parseInt(env.strip());
    }

    /** Runs {@code deploy/hosts.sh args} (in the same environment); stdout if it succeeded, else null. */
    static String hostsScript(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", repo().resolve("deploy/hosts.sh").toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean up() {
        return hostsScript("status") != null;
    }

    static HostSpec spec(String side) {
        String address = switch (side) {
            case OLD -> "127.0.0.2";
            case NEW -> "127.0.0.3";
            default -> throw new IllegalArgumentException(side);
        };
        String fingerprint = hostsScript("fingerprint", side);
        if (fingerprint == null) {
            throw new IllegalStateException("deploy/hosts.sh fingerprint " + side + " failed");
        }
        return new HostSpec(side, address, sshPort(), "root", fingerprint.strip(), address, null);
    }

    static RemoteHost connect(String side) {
        return connector().connect(spec(side));
    }

    static SshConnector connector() {
        SshConnector connector = new SshConnector();
        try {
            Field field = SshConnector.class.getDeclaredField("config");
            field.setAccessible(true);
            field.set(connector, config(stateDir().resolve("hosts/client/id_ed25519")));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return connector;
    }

    private static TransferConfig config(Path key) {
        TransferConfig.Ssh ssh = new TransferConfig.Ssh() {
            @Override
            public Path privateKeyFile() {
                return key;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(10);
            }
        };
        return new TransferConfig() {
            @Override
            public Ssh ssh() {
                return ssh;
            }

            @Override
            public int concurrency() {
                return 2;
            }

            @Override
            public int databaseParallelism() {
                return DatabaseCopier.DEFAULT_PARALLELISM;
            }

            @Override
            public Map<String, HostSettings> hosts() {
                return Map.of();
            }

            @Override
            public Optional<List<String>> unsupportedComponents() {
                return Optional.empty();
            }

            @Override
            public long maxConfigFileBytes() {
                return 1 << 20;
            }

            @Override
            public long diskHeadroomBytes() {
                return 1L << 30;
            }

            @Override
            public Optional<MemorySize> preCopyBandwidth() {
                return Optional.empty();
            }

            @Override
            public Duration progressInterval() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration mailCatchUpInterval() {
                return Duration.ofSeconds(60);
            }
        };
    }

    /** SQL as root on the host's MariaDB; fails on an error. */
    static List<List<String>> mariadb(RemoteHost host, String sql) {
        return Mariadb.rows(host, "test SQL", sql);
    }

    /** SQL as superuser on the host's PostgreSQL; fails on an error. */
    static List<String> psql(RemoteHost host, String database, String sql) {
        return Postgres.column(host, "test SQL", database, sql);
    }

    /** SQL as an application user over TCP with its password (MariaDB). */
    static ExecResult mariadbAs(RemoteHost host, String user, String password, String database, String sql) {
        return host.exec(Shell.script("MYSQL_PWD=\"$1\" exec mariadb --user=\"$2\" --database=\"$3\" --batch "
                + "--skip-column-names --default-character-set=utf8mb4", password, user, database),
                sql.getBytes(StandardCharsets.UTF_8));
    }

    /** SQL as an application role over TCP with its password (PostgreSQL). */
    static ExecResult psqlAs(RemoteHost host, String role, String password, String database, String sql) {
        return host.exec(Shell.script("PGPASSWORD=\"$1\" exec psql -X -q -At -v ON_ERROR_STOP=1 --no-password "
                + "-U \"$2\" -d \"$3\"", password, role, io.hostmove.transfer.ssh.Sql.pgConninfo(database)),
                sql.getBytes(StandardCharsets.UTF_8));
    }

    /** The multiplier the hosts were seeded with ({@code HOSTMOVE_SEED_SCALE}, 1 if unset). */
    static int seedScale() {
        String scale = System.getenv("HOSTMOVE_SEED_SCALE");
        return scale == null || scale.isBlank() ? 1 : Integer.parseInt(scale.strip());
    }
}
