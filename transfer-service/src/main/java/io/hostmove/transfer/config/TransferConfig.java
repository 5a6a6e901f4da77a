package io.hostmove.transfer.config;

import io.hostmove.transfer.files.Route;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the transfer-service reaches hosts and moves data. */
@ConfigMapping(prefix = "hostmove.transfer")
public interface TransferConfig {

    /** SSH access to the hosts. */
    Ssh ssh();

    /** Steps run at once, across all migrations. */
    @WithDefault("2")
    int concurrency();

    /** Table streams per database copy (1 = a single dump | restore stream). */
    @WithDefault("4")
    int databaseParallelism();

    /** Per-host settings by inventory host name, for what the inventory does not say. */
    Map<String, HostSettings> hosts();

    /** Files, extensions or plugin directories the new platform does not support; each becomes a finding. */
    Optional<List<String>> unsupportedComponents();

    /** Config files larger than this are not scanned or rewritten. */
    @WithDefault("1048576")
    long maxConfigFileBytes();

    /** Least free space to keep on the new host beyond what arrives, in bytes. */
    @WithDefault("1073741824")
    long diskHeadroomBytes();

    /** Most bytes per second a pre-copy's files move, so the sites still live on the old host keep their bandwidth; unset or 0: no limit. */
    Optional<MemorySize> preCopyBandwidth();

    /** Least time between two progress events of a running step. */
    @WithDefault("3s")
    Duration progressInterval();

    /** How often mail still arriving at the old host after the cut-over is copied to the new host. */
    @WithDefault("60s")
    Duration mailCatchUpInterval();

    interface Ssh {

        /** The service's private key (OpenSSH format); it never leaves this file. */
        Path privateKeyFile();

        /** Longest wait for a host to answer a connection. */
        @WithDefault("10s")
        Duration connectTimeout();
    }

    interface HostSettings {

        /** Where the host's web server answers for HTTP checks, host:port; the host's IPv4 on port 80 otherwise. */
        Optional<String> httpAddress();

        /** Directory where a file named after a domain puts that site in maintenance (503) on this host. */
        @WithDefault("/etc/hostmove/maintenance")
        String maintenanceDir();

        /** What sites on this host write as their MariaDB host (e.g. localhost:3306); unset if it stays the same. */
        Optional<String> mariadbAddress();

        /** What sites on this host write as their PostgreSQL host; unset if it stays the same. */
        Optional<String> postgresAddress();

        /** The login user's authorized_keys file, where a migration's restricted pull key is installed. */
        @WithDefault(".ssh/authorized_keys")
        String authorizedKeysFile();

        /** By old host name: DIRECT (this host pulls with rsync) or RELAY (tar through the service); unset: detected. */
        Map<String, Route> copyFrom();
    }
}
