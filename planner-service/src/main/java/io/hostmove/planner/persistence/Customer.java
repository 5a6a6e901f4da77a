package io.hostmove.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A customer of the hosting provider; emails go to them in their language and time zone. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The provider's customer number; the inventory refers to customers by it. */
    @Column(nullable = false, unique = true)
    public String ref;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String language;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<Customer> findByRef(String ref) {
        return find("ref", ref).firstResultOptional();
    }
}
