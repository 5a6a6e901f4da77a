package io.hostmove.transfer.steps;

import io.hostmove.transfer.ssh.RemoteException;
import io.hostmove.transfer.ssh.RemoteHost;
import io.hostmove.transfer.ssh.Shell;

import java.math.BigDecimal;

/** A host's own clock, to compare with the times its filesystem records. */
final class Clocks {

    private Clocks() {
    }

    /** Seconds since the epoch on {@code host}, to the nanosecond. */
    static BigDecimal now(RemoteHost host) {
        String out = host.run("reading the clock", Shell.command("date", "+%s.%N")).strip();
        try {
            return new BigDecimal(out);
        } catch (NumberFormatException e) {
            throw new RemoteException("the clock of " + host.name() + " reads '" + out + "', not seconds", e);
        }
    }
}
