package io.hostmove.planner.inventory;

import io.hostmove.planner.persistence.HostRole;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A server as the operator enters or imports it.
 *
 * @param name               unique name accounts refer to
 * @param role               OLD (accounts leave it) or NEW (accounts arrive)
 * @param sshHost            address to connect to
 * @param sshPort            SSH port, 22 when absent
 * @param sshUser            login for the services' actions
 * @param hostKeyFingerprint the only host key accepted, as {@code ssh-keygen -lf} prints it
 * @param ipv4               public IPv4 that DNS points at
 * @param ipv6               public IPv6 that DNS points at
 */
public record HostInput(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}",
                message = "must be letters, digits, dots, dashes or underscores") String name,
        @NotNull(message = "must be OLD or NEW") HostRole role,
        @NotBlank @Pattern(regexp = Patterns.HOST_ADDRESS, message = "must be a host name or IP address")
        String sshHost,
        @Min(1) @Max(65535) Integer sshPort,
        @NotBlank @Pattern(regexp = Patterns.UNIX_USER, message = "must be a Unix user name") String sshUser,
        @NotBlank @Pattern(regexp = Patterns.FINGERPRINT,
                message = "must be an SSH host key fingerprint such as SHA256:… (ssh-keygen -lf the host key)")
        String hostKeyFingerprint,
        @IpAddress(version = 4) String ipv4,
        @IpAddress(version = 6) String ipv6) {
}
