package io.hostmove.transfer.database;

import io.hostmove.transfer.ssh.RemoteException;

/** The copy will not start, whatever the method: e.g. both connections reach the same database server. */
final class CopyRefusedException extends RemoteException {

    CopyRefusedException(String message) {
        super(message);
    }
}
