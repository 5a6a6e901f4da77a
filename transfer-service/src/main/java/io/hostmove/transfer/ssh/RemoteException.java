package io.hostmove.transfer.ssh;

/** Something on a remote host went wrong; the message is written for an operator and holds no secret. */
public class RemoteException extends RuntimeException {

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
