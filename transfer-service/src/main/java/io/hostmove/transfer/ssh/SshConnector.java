package io.hostmove.transfer.ssh;

import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import io.hostmove.events.model.HostSpec;
import io.hostmove.transfer.config.TransferConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

import java.io.IOException;

/** Opens SSH connections to inventory hosts: pinned host key, the service's key, AES-GCM through the JDK's JCE. */
@ApplicationScoped
public class SshConnector {

    static {
        // BouncyCastle's AES is pure Java (~60 MB/s here); the JDK's AES-GCM uses the CPU's AES instructions.
        SecurityUtils.setRegisterBouncyCastle(false);
    }

    private final DefaultConfig sshConfig = gcmOnly();

    @Inject
    TransferConfig config;

    public RemoteHost connect(HostSpec host) {
        SSHClient ssh = new SSHClient(sshConfig);
        PinnedHostKey pinned = new PinnedHostKey(host.hostKeyFingerprint());
        ssh.addHostKeyVerifier(pinned);
        int timeout = (int) config.ssh().connectTimeout().toMillis();
        ssh.setConnectTimeout(timeout);
        String where = host.name() + " (" + host.sshHost() + ":" + host.sshPort() + ")";
        try {
            ssh.connect(host.sshHost(), host.sshPort());
        } catch (TransportException e) {
            close(ssh);
            if (pinned.presented() != null && !pinned.presented().equals(host.hostKeyFingerprint())) {
                throw new HostKeyMismatchException(host.name(), host.hostKeyFingerprint(), pinned.presented());
            }
            throw new RemoteException("cannot reach " + where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close(ssh);
            throw new RemoteException("cannot reach " + where + ": " + e.getMessage(), e);
        }
        try {
            ssh.authPublickey(host.sshUser(), ssh.loadKeys(config.ssh().privateKeyFile().toString()));
        } catch (UserAuthException e) {
            close(ssh);
            throw new RemoteException("login to " + where + " as " + host.sshUser()
                    + " was refused: the transfer-service's key is not authorised for that user there", e);
        } catch (IOException e) {
            close(ssh);
            throw new RemoteException("login to " + where + " failed: " + e.getMessage(), e);
        }
        return new RemoteHost(host.name(), ssh, pinned.presentedKey(), () -> connect(host));
    }

    private static DefaultConfig gcmOnly() {
        DefaultConfig sshConfig = new DefaultConfig();
        sshConfig.setCipherFactories(GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM());
        return sshConfig;
    }

    private static void close(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one worth reporting.
        }
    }
}
