package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.files.DirectSync;
import io.hostmove.transfer.Progress;
import io.hostmove.transfer.files.HomeCopy;
import io.hostmove.transfer.files.Manifest;
import io.hostmove.transfer.files.Moved;
import io.hostmove.transfer.files.RelaySync;
import io.hostmove.transfer.files.Route;
import io.hostmove.transfer.persistence.FilePass;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides how an account's files go from the old host to the new one, and records every copy with the way it
 * went. Direct when the new host's ssh reaches the old one with the migration's key, relay when it does not;
 * configuration per host pair may fix either.
 */
@ApplicationScoped
public class FileRoutes {

    private static final Logger LOG = Logger.getLogger(FileRoutes.class);

    /** A way chosen, and why. */
    public record Chosen(HomeCopy copy, String reason) {

        public Route route() {
            return copy.route();
        }

        /** Why the copy went the way it went; a rechecked route's reason once it was rechecked. */
        @Override
        public String reason() {
            return copy instanceof Rechecking rechecking && rechecking.rechecked != null
                    ? rechecking.rechecked.reason() : reason;
        }
    }

    @Inject
    TransferConfig config;

    /**
     * @param siteLive the old site still serves its visitors (a pre-copy): the files move no faster than the
     *                 configured pre-copy bandwidth; otherwise at full speed
     */
    public Chosen choose(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu, boolean siteLive) {
        long bandwidth = siteLive ? config.preCopyBandwidth().map(MemorySize::asLongValue).orElse(0L) : 0;
        String pair = account.oldHost().name() + " → " + account.newHost().name();
        TransferConfig.HostSettings target = config.hosts().get(account.newHost().name());
        Route configured = target == null ? null : target.copyFrom().get(account.oldHost().name());
        if (configured == Route.RELAY) {
            return new Chosen(relay(account, old, neu, bandwidth), "relay configured for " + pair);
        }
        Instant wentDirect = FilePass.lastDirect(migrationId);
        if (wentDirect != null) {
            // The key, its authorisation and the reachability are as the last pass left them; a refusal rechecks.
            return new Chosen(new Rechecking(direct(migrationId, account, old, neu, bandwidth),
                    () -> check(migrationId, account, old, neu, bandwidth, configured, pair)),
                    "direct, as the pass of " + wentDirect + " went");
        }
        return check(migrationId, account, old, neu, bandwidth, configured, pair);
    }

    /** Prepares the migration's key and tries the new host's ssh to the old one. */
    private Chosen check(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu, long bandwidth,
                         Route configured, String pair) {
        DirectSync direct = direct(migrationId, account, old, neu, bandwidth);
        direct.prepare();
        String unreachable = direct.unreachable();
        if (unreachable == null) {
            return new Chosen(direct, configured == Route.DIRECT ? "direct configured for " + pair
                    : neu.name() + " reaches " + old.name() + " over ssh");
        }
        if (configured == Route.DIRECT) {
            throw new RemoteException(unreachable + "; files are configured to go direct for " + pair
                    + ": let the new host reach the old one, or set hostmove.transfer.hosts.\""
                    + account.newHost().name() + "\".copy-from.\"" + account.oldHost().name() + "\"=relay");
        }
        LOG.warnf("%s; relaying the files of %s through this service", unreachable, account.systemUser());
        return new Chosen(relay(account, old, neu, bandwidth), unreachable);
    }

    /** The migration's pull key, for removing it; whichever way the files went. */
    public DirectSync direct(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu) {
        return direct(migrationId, account, old, neu, 0);
    }

    private DirectSync direct(UUID migrationId, AccountSpec account, RemoteHost old, RemoteHost neu, long bandwidth) {
        TransferConfig.HostSettings source = config.hosts().get(account.oldHost().name());
        return new DirectSync(migrationId, account, old, neu,
                source == null ? ".ssh/authorized_keys" : source.authorizedKeysFile(), bandwidth);
    }

    /** Records a copy and logs which way it went. */
    public void record(UUID migrationId, String work, Chosen chosen, Moved moved, long startedNanos) {
        FilePass pass = new FilePass();
        pass.migrationId = migrationId;
        pass.work = work;
        pass.route = chosen.route().name();
        pass.reason = chosen.reason();
        pass.files = moved.files();
        pass.bytes = moved.bytes();
        pass.deleted = moved.deleted();
        pass.millis = (System.nanoTime() - startedNanos) / 1_000_000;
        pass.finishedAt = Instant.now();
        FilePass.record(pass);
        LOG.infof("%s of migration %s went %s (%s): %d files, %d bytes, %d deleted in %d ms", work, migrationId,
                pass.route, pass.reason, pass.files, pass.bytes, pass.deleted, pass.millis);
    }

    private static RelaySync relay(AccountSpec account, RemoteHost old, RemoteHost neu, long bandwidth) {
        return new RelaySync(old, account.homePath(), neu, account.newHomePath(), bandwidth);
    }

    /**
     * A direct copy taken on trust from the migration's last pass; when the new host's ssh is refused (the key or
     * its authorisation gone, the old host's key changed, the network down), the route is checked afresh, once,
     * and the copy runs again the way the check chose.
     */
    private static final class Rechecking implements HomeCopy {
        private final Supplier<Chosen> check;
        private HomeCopy current;
        private Chosen rechecked;

        Rechecking(HomeCopy trusted, Supplier<Chosen> check) {
            this.current = trusted;
            this.check = check;
        }

        @Override
        public Route route() {
            return current.route();
        }

        @Override
        public Moved mirror(Progress progress) {
            return run(copy -> copy.mirror(progress));
        }

        @Override
        public Moved add(Collection<String> paths, Map<String, Manifest.Entry> known) {
            return run(copy -> copy.add(paths, known));
        }

        @Override
        public List<String> differences(Predicate<String> arrivedOnOld) {
            return run(copy -> copy.differences(arrivedOnOld));
        }

        private <T> T run(Function<HomeCopy, T> work) {
            try {
                return work.apply(current);
            } catch (DirectSync.SshFailedException e) {
                if (rechecked != null) {
                    throw e;
                }
                LOG.infof("the direct copy was refused (%s); checking the route afresh", e.getMessage());
                rechecked = check.get();
                current = rechecked.copy();
                return work.apply(current);
            }
        }
    }
}
