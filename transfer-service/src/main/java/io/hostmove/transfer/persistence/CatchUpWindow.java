package io.hostmove.transfer.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hostmove.events.CloudEventCodec;
import io.hostmove.events.model.AccountSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** The window after a cut-over in which mail still arriving at the old host is copied to the new one. */
@Entity
@Table(name = "mail_catchup")
public class CatchUpWindow extends PanacheEntityBase {

    public enum State {
        /** The cut-over recorded what the new host holds; the window opens when the migration leaves CUTOVER. */
        READY,
        /** Passes run every interval. */
        OPEN,
        /** The planner closed the window; one last pass is owed. */
        CLOSING,
        CLOSED
    }

    @Id
    @Column(name = "migration_id")
    public UUID migrationId;

    /** The account as the cut-over received it. */
    @Column(nullable = false, columnDefinition = "text")
    public String account;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** The migration is paused: no passes until it resumes. */
    @Column(nullable = false)
    public boolean suspended;

    /** Set while a pass runs. */
    @Column(name = "running_since")
    public Instant runningSince;

    @Column(name = "next_pass_at")
    public Instant nextPassAt;

    @Column(nullable = false)
    public int passes;

    /** Messages copied so far. */
    @Column(nullable = false)
    public long messages;

    @Column(name = "last_pass_at")
    public Instant lastPassAt;

    /** Why the last pass failed, or null. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "closed_why")
    public String closedWhy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public AccountSpec account() {
        try {
            return CloudEventCodec.json().readValue(account, AccountSpec.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(AccountSpec account) {
        try {
            return CloudEventCodec.json().writeValueAsString(account);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
