-- Shared by every Hostmove service: the transactional outbox and the processed-event table.
create table outbox_message (
    seq            bigserial primary key,
    event_id       uuid        not null unique,
    topic          text        not null,
    event_type     text        not null,
    source         text        not null,
    migration_id   uuid        not null,
    causation_id   uuid,
    occurred_at    timestamptz not null,
    schema_version integer     not null,
    payload        text        not null,
    sent_at        timestamptz
);
create index outbox_message_unsent on outbox_message (seq) where sent_at is null;

create table processed_event (
    event_id     uuid primary key,
    event_type   text        not null,
    source       text        not null,
    migration_id uuid        not null,
    processed_at timestamptz not null
);
create index processed_event_migration on processed_event (migration_id);
