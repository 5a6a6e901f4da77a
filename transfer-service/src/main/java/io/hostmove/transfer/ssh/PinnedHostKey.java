package io.hostmove.transfer.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/** Accepts exactly the host key the inventory pins (OpenSSH SHA256 fingerprint), and remembers what it saw. */
final class PinnedHostKey implements HostKeyVerifier {

    private final String expected;
    private volatile String presented;
    private volatile PublicKey presentedKey;

    PinnedHostKey(String expected) {
        this.expected = expected;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        presented = fingerprint(key);
        presentedKey = key;
        return presented.equals(expected);
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return List.of();
    }

    /** The fingerprint the server presented, or null if it never got that far. */
    String presented() {
        return presented;
    }

    /** The key the server presented; after a successful connect, the pinned one. */
    PublicKey presentedKey() {
        return presentedKey;
    }

    /** As {@code ssh-keygen -lf} prints it: SHA256 of the key blob, base64 without padding. */
    static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
