package io.hostmove.transfer.ssh;

/**
 * How a remote command ended.
 *
 * @param exitStatus its exit status
 * @param stdout     what it printed, as UTF-8
 * @param stderr     what it complained about, as UTF-8
 */
public record ExecResult(int exitStatus, String stdout, String stderr) {

    public boolean ok() {
        return exitStatus == 0;
    }
}
