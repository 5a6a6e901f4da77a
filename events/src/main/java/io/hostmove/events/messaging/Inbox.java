package io.hostmove.events.messaging;

import io.hostmove.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The processed-event table: an event's effect and its record here commit together, so it happens once. */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager entityManager;

    /**
     * Records {@code envelope} as processed in the current transaction.
     *
     * @return true the first time, false for a redelivered or replayed event (do nothing then)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(EventEnvelope envelope) {
        int inserted = entityManager.createNativeQuery("""
                        insert into processed_event (event_id, event_type, source, migration_id, processed_at)
                        values (?1, ?2, ?3, ?4, now())
                        on conflict (event_id) do nothing""")
                .setParameter(1, envelope.id())
                .setParameter(2, envelope.type())
                .setParameter(3, envelope.source())
                .setParameter(4, envelope.migrationId())
                .executeUpdate();
        return inserted == 1;
    }
}
