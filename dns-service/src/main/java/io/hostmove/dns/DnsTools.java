package io.hostmove.dns;

import io.hostmove.dns.config.DnsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The DNS parts, built from the configuration. The TSIG key is read anew for each use and never kept. */
@ApplicationScoped
public class DnsTools {

    @Inject
    DnsConfig config;

    private volatile DnsClient client;

    public DnsClient client() {
        if (client == null) {
            client = new DnsClient(config.queryTimeout(), config.queryAttempts());
        }
        return client;
    }

    public NameServer primary() {
        return NameServer.parse(config.primary(), config.nameServerPort());
    }

    public List<NameServer> roots() {
        return config.discoveryRoots().stream().map(root -> NameServer.parse(root, config.nameServerPort())).toList();
    }

    public Set<String> ourAddresses() {
        return config.ourServers().stream().map(server -> NameServer.parse(server, config.nameServerPort()).address())
                .collect(Collectors.toSet());
    }

    public Inspector inspector() {
        return new Inspector(client(), roots(), config.nameServerPort(), primary(), ourAddresses());
    }

    public TsigKey key() {
        return TsigKey.load(config.tsig().keyFile(), config.tsig().keyName(), config.tsig().secret(),
                config.tsig().algorithm());
    }

    /** The updater, its primary called by the name the plan's zones give it (ns1.… rather than an address). */
    public ZoneUpdater updater(DnsPlan plan) {
        NameServer primary = primary();
        NameServer named = plan.zones().stream().flatMap(zone -> zone.servers().stream())
                .filter(server -> server.address().equals(primary.address()) && server.port() == primary.port())
                .findFirst().orElse(primary);
        return new ZoneUpdater(client(), named, key());
    }

    public Verifier verifier() {
        return new Verifier(client());
    }
}
