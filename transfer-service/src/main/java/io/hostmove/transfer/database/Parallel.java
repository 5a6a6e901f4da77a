package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.StepCancelledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Works through items with a few threads. The first failure stops the taking of new items; once every thread
 * is done, a cancellation is rethrown if any thread saw one, else the first failure, the others suppressed.
 */
final class Parallel {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private Parallel() {
    }

    static <T> void forEach(List<T> items, int threads, Consumer<T> work) {
        if (threads <= 1 || items.size() <= 1) {
            items.forEach(work);
            return;
        }
        Queue<T> queue = new ConcurrentLinkedQueue<>(items);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads());
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    T item;
                    while (!stop.get() && (item = queue.poll()) != null) {
                        try {
                            work.accept(item);
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                            stop.set(true);
                            return;
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    pool.shutdownNow();
                    StepCancelledException cancelled = new StepCancelledException("interrupted while copying");
                    failures.forEach(cancelled::addSuppressed);
                    throw cancelled;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause()); // the loop catches everything; kept for completeness
                }
            }
        } finally {
            pool.shutdown();
        }
        if (failures.isEmpty()) {
            return;
        }
        Throwable primary = failures.stream().filter(StepCancelledException.class::isInstance).findFirst()
                .orElse(failures.peek());
        for (Throwable other : failures) {
            if (other != primary) {
                primary.addSuppressed(other);
            }
        }
        if (primary instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) primary;
    }

    private static ThreadFactory namedThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "db-copy-" + pool + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
