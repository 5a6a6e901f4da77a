package io.hostmove.dns;

/** A DNS step cannot go on; the message is the reason an operator reads, saying what to do. */
public class DnsStepException extends RuntimeException {

    public DnsStepException(String reason) {
        super(reason);
    }

    public DnsStepException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
