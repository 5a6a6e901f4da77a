package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.ConfigRewrite;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.rewrite.ConfigFiles;
import io.hostmove.transfer.rewrite.ConfigRewriter;
import io.hostmove.transfer.rewrite.RewritePlan;
import io.hostmove.transfer.rewrite.RewritePlan.DatabaseMove;
import io.hostmove.transfer.rewrite.Rewritten;
import io.hostmove.transfer.ssh.ExecResult;
import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Rewrites the account's config files on the new host where the platform changes paths or database hosts. */
@ApplicationScoped
public class ConfigRewrites {

    /** The original of each rewritten file stays beside it under this suffix. */
    static final String ORIGINAL = ".hostmove-orig";

    @Inject
    TransferConfig config;

    public List<ConfigRewrite> apply(AccountSpec account, RemoteHost neu) {
        RewritePlan plan = plan(account);
        if (!plan.movesHome() && plan.databases().stream().noneMatch(ConfigRewrites::moves)) {
            return List.of();
        }
        List<ConfigRewrite> changes = new ArrayList<>();
        try (RemoteHost.SmallFiles files = neu.files()) {
            for (String[] candidate : candidates(neu, account.newHomePath())) {
                rewrite(neu, files, candidate, plan).ifPresent(changes::addAll);
            }
        }
        return changes;
    }

    /** The changes made to one listed file (size, path), if it is a config file that needed any. */
    private static Optional<List<ConfigRewrite>> rewrite(RemoteHost neu, RemoteHost.SmallFiles files, String[] candidate,
                                                         RewritePlan plan) {
        String path = candidate[1];
        if (path.endsWith(ORIGINAL) || !ConfigFiles.isCandidate(path, Long.parseLong(candidate[0]))) {
            return Optional.empty();
        }
        byte[] bytes = files.read(path);
        // A file that is not valid UTF-8 throughout would come back damaged: leave it as it is.
        Optional<String> text = ConfigFiles.looksBinary(bytes) ? Optional.empty() : ConfigFiles.decodeUtf8(bytes);
        Optional<Rewritten> rewritten = text.flatMap(content -> ConfigRewriter.rewrite(path, content, plan));
        if (rewritten.isEmpty()) {
            return Optional.empty();
        }
        neu.run("keeping the original of " + path,
                Shell.script("[ -e \"$2\" ] || cp -p -- \"$1\" \"$2\"", path, path + ORIGINAL));
        ExecResult written = neu.exec(Shell.script("cat > \"$1\"", path),
                rewritten.get().content().getBytes(StandardCharsets.UTF_8));
        if (!written.ok()) {
            throw new RemoteException("cannot write " + path + " on " + neu.name() + ": " + written.stderr().strip());
        }
        return Optional.of(rewritten.get().changes());
    }

    /** Size and path of every file below the home, mail excluded; NUL-separated so any name survives. */
    private List<String[]> candidates(RemoteHost neu, String home) {
        String out = neu.run("listing config files", Shell.command("find", home, "-path", home + "/Maildir",
                "-prune", "-o", "-type", "f", "-size", "-" + (config.maxConfigFileBytes() + 1) + "c",
                "-printf", "%s\\t%p\\0"));
        List<String[]> files = new ArrayList<>();
        for (String entry : out.split("\0")) {
            int tab = entry.indexOf('\t');
            if (tab > 0) {
                files.add(new String[] {entry.substring(0, tab), entry.substring(tab + 1)});
            }
        }
        return files;
    }

    private RewritePlan plan(AccountSpec account) {
        List<DatabaseMove> moves = new ArrayList<>();
        for (DatabaseSpec database : account.databases()) {
            String[] before = address(account.oldHost(), database.engine());
            String[] after = address(account.newHost(), database.engine());
            if (before == null || after == null) {
                after = before = new String[] {"localhost", null};
            }
            moves.add(new DatabaseMove(database.engine(), database.name(), database.name(), database.user(),
                    database.user(), before[0], after[0], before[1], after[1]));
        }
        return new RewritePlan(account.homePath(), account.newHomePath(), moves);
    }

    /** Host and port sites on {@code host} use for {@code engine}, from configuration; null when not set. */
    private String[] address(HostSpec host, String engine) {
        TransferConfig.HostSettings settings = config.hosts().get(host.name());
        if (settings == null) {
            return null;
        }
        Optional<String> address = "postgresql".equals(engine) ? settings.postgresAddress() : settings.mariadbAddress();
        return address.map(a -> {
            int colon = a.lastIndexOf(':');
            return colon > 0 ? new String[] {a.substring(0, colon), a.substring(colon + 1)} : new String[] {a, null};
        }).orElse(null);
    }

    private static boolean moves(DatabaseMove move) {
        return !move.oldHost().equals(move.newHost()) || !move.oldName().equals(move.newName())
                || !move.oldUser().equals(move.newUser()) || !Objects.equals(move.oldPort(), move.newPort());
    }
}
