package io.hostmove.transfer.ssh;

/** The server presented another host key than the inventory pins: we do not talk to it. */
public class HostKeyMismatchException extends RemoteException {

    public HostKeyMismatchException(String host, String expected, String actual) {
        super("host key of " + host + " changed: expected " + expected + ", got " + actual
                + "; if the host was rebuilt on purpose, update its hostKeyFingerprint in the inventory");
    }
}
