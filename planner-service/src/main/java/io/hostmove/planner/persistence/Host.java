package io.hostmove.planner.persistence;

import io.hostmove.events.model.HostSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A server accounts move from or to. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HostRole role;

    @Column(name = "ssh_host", nullable = false)
    public String sshHost;

    @Column(name = "ssh_port", nullable = false)
    public int sshPort;

    @Column(name = "ssh_user", nullable = false)
    public String sshUser;

    /** The host key the services accept, and no other. */
    @Column(name = "host_key_fingerprint", nullable = false)
    public String hostKeyFingerprint;

    public String ipv4;

    public String ipv6;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<Host> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    public HostSpec toSpec() {
        return new HostSpec(name, sshHost, sshPort, sshUser, hostKeyFingerprint, ipv4, ipv6);
    }
}
