package io.hostmove.transfer.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectSyncTest {

    @Test
    void an_ssh_that_could_not_log_in_counts_as_refused_whichever_exit_rsync_chose() {
        String refused = "root@127.0.0.2: Permission denied (publickey).\n"
                + "rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]\n";
        assertThat(DirectSync.sshFailed(255, refused)).isTrue();
        assertThat(DirectSync.sshFailed(12, refused)).isTrue();
        assertThat(DirectSync.sshFailed(12, "Host key verification failed.\nrsync: connection unexpectedly closed"))
                .isTrue();
    }

    @Test
    void a_copy_that_broke_after_ssh_logged_in_is_not_taken_for_a_refusal() {
        assertThat(DirectSync.sshFailed(12, "rsync: connection unexpectedly closed (3411 bytes received so far)"))
                .as("the remote rsync died mid-copy").isFalse();
        assertThat(DirectSync.sshFailed(12, "rsync: [sender] send_files failed to open \"x\": Permission denied (13)"
                + "\nrsync: connection unexpectedly closed")).as("a file the old host's user may not read").isFalse();
    }
}
