package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.RemoteHost;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Works through items with a few threads, each with its own pair of connections (a {@link Lane}). The first
 * failure stops the taking of new items; once every thread is done, a cancellation is rethrown if any thread saw
 * one, else the first failure, the others suppressed.
 */
final class Parallel {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private Parallel() {
    }

    /** The source and target connections one thread streams over, one command at a time. */
    record Lane(RemoteHost from, RemoteHost to) {
    }

    /**
     * The first thread works over {@code from} and {@code to}; every other one opens sibling connections for
     * itself (see {@link RemoteHost#sibling} for why streams side by side must not share one) and closes them when
     * it is done.
     */
    static <T> void forEach(List<T> items, int threads, RemoteHost from, RemoteHost to, BiConsumer<Lane, T> work) {
        Lane first = new Lane(from, to);
        if (threads <= 1 || items.size() <= 1) {
            items.forEach(item -> work.accept(first, item));
            return;
        }
        AtomicInteger started = new AtomicInteger();
        forEach(items, threads, () -> {
            if (started.getAndIncrement() == 0) {
                return first;
            }
            RemoteHost source = from.sibling();
            try {
                return new Lane(source, to.sibling());
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
        }, lane -> {
            if (lane != first) {
                lane.from().close();
                lane.to().close();
            }
        }, work);
    }

    private static <T> void forEach(List<T> items, int threads, Supplier<Lane> open, Consumer<Lane> close,
                                    BiConsumer<Lane, T> work) {
        Queue<T> queue = new ConcurrentLinkedQueue<>(items);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads());
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    Lane lane = null;
                    try {
                        T item;
                        while (!stop.get() && (item = queue.poll()) != null) {
                            if (lane == null) {
                                lane = open.get();
                            }
                            work.accept(lane, item);
                        }
                    } catch (RuntimeException | Error e) {
                        failures.add(e);
                        stop.set(true);
                    } finally {
                        if (lane != null) {
                            close.accept(lane);
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
