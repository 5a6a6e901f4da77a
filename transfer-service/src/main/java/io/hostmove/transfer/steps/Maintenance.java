package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.events.model.SiteSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.util.ArrayList;
import java.util.List;

/** Puts an account's sites in maintenance (503 with the maintenance page) on a host, and takes them out. */
final class Maintenance {

    private Maintenance() {
    }

    static void on(RemoteHost host, HostSpec spec, TransferConfig config, AccountSpec account) {
        host.run("switching maintenance on", Shell.script(
                "mkdir -p \"$1\" && cd \"$1\" && shift && for d in \"$@\"; do : > \"./$d\"; done",
                arguments(spec, config, account)));
    }

    static void off(RemoteHost host, HostSpec spec, TransferConfig config, AccountSpec account) {
        host.run("switching maintenance off", Shell.script(
                "[ -d \"$1\" ] || exit 0; cd \"$1\" && shift && for d in \"$@\"; do rm -f \"./$d\"; done",
                arguments(spec, config, account)));
    }

    /** Every host name the account's sites answer for. */
    static List<String> domains(AccountSpec account) {
        List<String> domains = new ArrayList<>();
        for (SiteSpec site : account.sites()) {
            domains.add(site.domain());
            domains.addAll(site.aliases());
        }
        return domains;
    }

    private static String[] arguments(HostSpec spec, TransferConfig config, AccountSpec account) {
        TransferConfig.HostSettings settings = config.hosts().get(spec.name());
        List<String> arguments = new ArrayList<>();
        arguments.add(settings == null ? "/etc/hostmove/maintenance" : settings.maintenanceDir());
        arguments.addAll(domains(account));
        return arguments.toArray(String[]::new);
    }
}
