-- The timeline's ids are taken in blocks of 50 (Hibernate's pooled sequence), so that the rows one transaction
-- adds are inserted as one batch instead of one round trip each.
alter sequence phase_run_id_seq increment by 50;
alter sequence migration_event_id_seq increment by 50;
