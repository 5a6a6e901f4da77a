package io.hostmove.transfer.steps;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.transfer.Progress;
import io.hostmove.transfer.config.TransferConfig;
import io.hostmove.transfer.database.CopyReport;
import io.hostmove.transfer.database.DatabaseAccess;
import io.hostmove.transfer.database.DatabaseCopier;
import io.hostmove.transfer.database.DatabaseVerifier;
import io.hostmove.transfer.ssh.RemoteHost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** An account's databases as the steps see them: copied, frozen, thawed and compared, all of them at once. */
@ApplicationScoped
public class Databases {

    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "db-check");
        thread.setDaemon(true);
        return thread;
    });

    private final DatabaseAccess access = new DatabaseAccess();
    private final DatabaseVerifier verifier = new DatabaseVerifier();

    @Inject
    TransferConfig config;

    /** About how many bytes copying each database (by name) will stream; told to {@code progress} as expected. */
    Map<String, Long> expect(AccountSpec account, RemoteHost from, Progress progress) {
        Map<String, Long> estimates = new HashMap<>();
        for (DatabaseSpec database : account.databases()) {
            long estimate = DatabaseCopier.estimateBytes(database, from);
            estimates.put(database.name(), estimate);
            progress.expect(estimate);
        }
        return estimates;
    }

    /**
     * Copies every database, reporting each as one copy of {@code progress}; returns the bytes streamed.
     *
     * @param estimates what {@link #expect} said
     * @param frozen    the databases are read-only on {@code from} (see {@link #readOnly})
     */
    long copyAll(AccountSpec account, RemoteHost from, RemoteHost to, Progress progress, Map<String, Long> estimates,
                 boolean frozen) {
        DatabaseCopier copier = new DatabaseCopier(config.databaseParallelism(), access);
        long bytes = 0;
        for (DatabaseSpec database : account.databases()) {
            progress.startExpected(estimates.getOrDefault(database.name(), 0L));
            CopyReport report = copier.copy(database, from, to, DatabaseCopier.Method.AUTO, frozen, progress::add);
            progress.end();
            bytes += report.bytes();
        }
        return bytes;
    }

    void readOnly(AccountSpec account, RemoteHost host) {
        account.databases().forEach(database -> access.makeReadOnly(database, host));
    }

    void writable(AccountSpec account, RemoteHost host) {
        account.databases().forEach(database -> access.makeWritable(database, host));
    }

    /**
     * The databases' differences, read over connections of their own (see {@link RemoteHost#sibling}) while
     * {@code alongside} (the files' comparison) runs on the step's; what {@code alongside} found comes first.
     */
    List<String> differencesAlongside(AccountSpec account, RemoteHost from, RemoteHost to,
                                      Supplier<List<String>> alongside) {
        if (account.databases().isEmpty()) {
            return alongside.get();
        }
        RemoteHost source = from.sibling();
        RemoteHost target = null;
        try {
            target = to.sibling();
            RemoteHost targetSibling = target;
            CompletableFuture<List<String>> compared = CompletableFuture.supplyAsync(
                    () -> differences(account, source, targetSibling), CHECKS);
            List<String> differences = new ArrayList<>(alongside.get());
            try {
                differences.addAll(compared.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            return differences;
        } finally {
            source.close();
            if (target != null) {
                target.close();
            }
        }
    }

    List<String> differences(AccountSpec account, RemoteHost from, RemoteHost to) {
        List<String> differences = new ArrayList<>();
        account.databases().forEach(database -> differences.addAll(verifier.differences(database, from, to)));
        return differences;
    }
}
