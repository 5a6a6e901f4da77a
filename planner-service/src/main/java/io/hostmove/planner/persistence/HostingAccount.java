package io.hostmove.planner.persistence;

import io.hostmove.events.model.AccountSpec;
import io.hostmove.events.model.DatabaseSpec;
import io.hostmove.events.model.MailboxSpec;
import io.hostmove.events.model.SiteSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's hosting account on a server: its Unix user, home, sites, databases, mailboxes and domains. */
@Entity
@Table(name = "hosting_account")
public class HostingAccount extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @ManyToOne(optional = false)
    @JoinColumn(name = "old_host_id")
    public Host oldHost;

    @ManyToOne(optional = false)
    @JoinColumn(name = "new_host_id")
    public Host newHost;

    @Column(name = "system_user", nullable = false)
    public String systemUser;

    @Column(name = "home_path", nullable = false)
    public String homePath;

    @Column(name = "new_home_path", nullable = false)
    public String newHomePath;

    // JSON columns hold records that are replaced, never changed in place (immutable values): no JSON round trip
    // to snapshot them at every load, no deep comparison at every flush.
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<SiteSpec> sites;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<DatabaseSpec> databases;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<MailboxSpec> mailboxes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false)
    public List<String> domains;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public AccountSpec toSpec() {
        return new AccountSpec(id, systemUser, homePath, newHomePath, oldHost.toSpec(), newHost.toSpec(), sites,
                databases, mailboxes, domains);
    }
}
