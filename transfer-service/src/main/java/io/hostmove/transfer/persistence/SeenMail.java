package io.hostmove.transfer.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** The messages (maildir unique names) known to have reached the new host, per migration and maildir. */
@ApplicationScoped
public class SeenMail {

    @Inject
    EntityManager entityManager;

    public Set<String> of(UUID migrationId, String maildir) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<String> names = new HashSet<>();
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "select unique_name from mail_seen where migration_id = ? and maildir = ?")) {
                    query.setObject(1, migrationId);
                    query.setString(2, maildir);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            names.add(rows.getString(1));
                        }
                    }
                }
            });
            return names;
        });
    }

    /** Adds names (those already known stay as they are). */
    public void add(UUID migrationId, String maildir, Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> insert(migrationId, maildir, names));
    }

    /** Forgets what was known for the migration: a repeated cut-over records it afresh. */
    public void forget(UUID migrationId) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from mail_seen where migration_id = ?1")
                .setParameter(1, migrationId).executeUpdate());
    }

    private void insert(UUID migrationId, String maildir, Collection<String> names) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into mail_seen (migration_id, maildir, unique_name)
                    select ?, ?, unnest(?) on conflict do nothing""")) {
                Array array = connection.createArrayOf("text", names.toArray());
                insert.setObject(1, migrationId);
                insert.setString(2, maildir);
                insert.setArray(3, array);
                insert.executeUpdate();
                array.free();
            }
        });
    }
}
