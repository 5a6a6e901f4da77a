package io.hostmove.dns.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where the dns-service finds name servers, how it signs updates, and how long it waits for what. */
@ConfigMapping(prefix = "hostmove.dns")
public interface DnsConfig {

    /** Servers delegation discovery starts from, ip[:port] (a resolver's root hints; default: a.–c.root-servers.net). */
    @WithDefault("198.41.0.4:53,170.247.170.2:53,192.33.4.12:53")
    List<String> discoveryRoots();

    /** Port on which the authoritative servers found by discovery are asked. */
    @WithDefault("53")
    int nameServerPort();

    /** Our primary name server, ip[:port]: where RFC 2136 updates go and whose data counts. */
    @WithDefault("127.0.0.1:53")
    String primary();

    /** Addresses of all our name servers (primary and secondaries): a zone delegated to one of them is ours. */
    @WithDefault("127.0.0.1")
    List<String> ourServers();

    /** The TSIG key our primary accepts updates with. */
    Tsig tsig();

    /** Longest wait for one DNS answer. */
    @WithDefault("2s")
    Duration queryTimeout();

    /** Tries per query before a server counts as not answering. */
    @WithDefault("2")
    int queryAttempts();

    /** TTL the records that will change get ahead of the cut-over. */
    @WithDefault("300s")
    Duration loweredTtl();

    /** Time beyond the old TTL an appointment must leave before the cut-over, for clocks and stragglers. */
    @WithDefault("60s")
    Duration ttlSafetyMargin();

    /** How long all authoritative servers have to serve a change before the step fails. */
    @WithDefault("10m")
    Duration verifyDeadline();

    /** Pause between two rounds of asking the authoritative servers. */
    @WithDefault("1s")
    Duration verifyInterval();

    /** Settling period after a switch or rollback, after which the records get their original TTL back. */
    @WithDefault("24h")
    Duration ttlRestoreAfter();

    /** Watching the customer change records at their own DNS provider. */
    External external();

    /** The persisted job queue that runs the steps. */
    Jobs jobs();

    interface Tsig {

        /** BIND key file (key "name" { algorithm ...; secret "..."; };); it never leaves this file. */
        Optional<Path> keyFile();

        /** Key name, to pick one key from the file, or with secret when there is no file. */
        Optional<String> keyName();

        /** Base64 secret when there is no key file (e.g. from HOSTMOVE_DNS_TSIG_SECRET); never logged. */
        Optional<String> secret();

        /** HMAC algorithm of a key given by name and secret. */
        @WithDefault("hmac-sha256")
        String algorithm();
    }

    interface External {

        /** How often the customer's authoritative servers are asked whether the changes are there. */
        @WithDefault("5m")
        Duration pollInterval();

        /** Time after the first request after which the customer is reminded, once. */
        @WithDefault("24h")
        Duration reminderAfter();

        /** Time after which the step fails and the migration pauses if the changes are still missing. */
        @WithDefault("72h")
        Duration deadline();
    }

    interface Jobs {

        /** Steps run at once, across all migrations. */
        @WithDefault("4")
        int workers();

        /** How often idle workers look for due work when nothing woke them. */
        @WithDefault("500ms")
        Duration pollInterval();
    }
}
