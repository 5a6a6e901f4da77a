package io.hostmove.events.model;

/**
 * A server as the services need to reach it. The SSH private key is never here: each service reads it
 * from its own configuration.
 *
 * @param name               inventory name, e.g. {@code old-web-1}
 * @param sshHost            address the services connect to
 * @param sshPort            SSH port
 * @param sshUser            login user for service actions
 * @param hostKeyFingerprint pinned host key, {@code SHA256:...} as {@code ssh-keygen -lf} prints it
 * @param ipv4               public IPv4 address that DNS points at, or null
 * @param ipv6               public IPv6 address that DNS points at, or null
 */
public record HostSpec(String name, String sshHost, int sshPort, String sshUser, String hostKeyFingerprint,
                       String ipv4, String ipv6) {
}
