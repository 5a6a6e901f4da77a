package io.hostmove.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/** Asks single name servers, without recursion, with a deadline per answer and a few tries. */
public final class DnsClient {

    /** Answers are handled here, not in the common pool: a handler may wait for another answer. */
    private static final Executor ANSWERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dns-answers");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration timeout;
    private final int attempts;

    public DnsClient(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
    }

    /** Where follow-up work on answers runs; it may block. */
    public Executor executor() {
        return ANSWERS;
    }

    /** An iterative query (RD off) for {@code name}/{@code type} to {@code server}. */
    public CompletableFuture<Message> query(NameServer server, Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        return send(server, query, null, false, attempts, attempts);
    }

    public Message querySync(NameServer server, Name name, int type) {
        return join(query(server, name, type));
    }

    /**
     * Sends an RFC 2136 update signed with {@code tsig}, over UDP as nsupdate does (TCP when it does not fit), so
     * the primary takes many zones' updates at once. It is sent once, never repeated: when no answer comes, the
     * step fails and its re-run reads from the zone whether the update was applied.
     */
    public CompletableFuture<Message> update(NameServer server, Message update, TSIG tsig) {
        return send(server, update, tsig, false, 1, 1);
    }

    private CompletableFuture<Message> send(NameServer server, Message message, TSIG tsig, boolean tcp, int tries,
                                            int left) {
        SimpleResolver resolver = new SimpleResolver(server.socketAddress());
        resolver.setTimeout(timeout);
        resolver.setTCP(tcp);
        if (tsig != null) {
            resolver.setTSIGKey(tsig);
        }
        return resolver.sendAsync(message, ANSWERS).toCompletableFuture().exceptionallyCompose(error -> left > 1
                && isTimeout(error) ? send(server, message, tsig, tcp, tries, left - 1) : CompletableFuture.failedFuture(
                new DnsUnreachableException(server, describe(error, tries), unwrap(error))));
    }

    /** Waits for an answer; a server that gives none raises {@link DnsUnreachableException}. */
    public static <T> T join(CompletableFuture<T> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsStepException("interrupted while waiting for a DNS answer", e);
        }
    }

    private String describe(Throwable error, int tries) {
        Throwable cause = unwrap(error);
        if (isTimeout(cause)) {
            return "did not answer within " + timeout.toMillis() + " ms ("
                    + (tries == 1 ? "sent once" : tries + " tries") + ")";
        }
        if (cause instanceof PortUnreachableException || cause instanceof ConnectException) {
            return "refused the connection (no name server listens there)";
        }
        if (cause instanceof EOFException) {
            return "closed the connection without an answer";
        }
        return "could not be asked: " + cause.getMessage();
    }

    private static boolean isTimeout(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof SocketTimeoutException || cause instanceof TimeoutException;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A name server gave no answer at all. */
    public static final class DnsUnreachableException extends DnsStepException {

        DnsUnreachableException(NameServer server, String what, Throwable cause) {
            super(server.label() + " " + what, cause);
        }
    }
}
