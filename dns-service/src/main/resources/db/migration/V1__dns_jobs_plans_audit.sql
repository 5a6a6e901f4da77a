-- A step (or a scheduled follow-up) of a migration and how far it got. A job waits in QUEUED until run_at; a
-- long step (verification, watching the customer's DNS) runs as short ticks, re-queued with a later run_at, so
-- it survives a restart and never holds a thread while it waits. A restart re-queues what was RUNNING.
create table dns_job (
    id               uuid primary key,
    migration_id     uuid        not null,
    kind             text        not null check (kind in ('INSPECT', 'PREPARE_TTL', 'SWITCH', 'ROLLBACK', 'RESTORE_TTL')),
    step             text,
    request_event_id uuid,
    request          text,
    state            text        not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    stage            text        not null,
    run_at           timestamptz not null,
    deadline_at      timestamptz,
    progress         jsonb,
    attempts         integer     not null default 0,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    detail           text
);
create index dns_job_due on dns_job (run_at) where state = 'QUEUED';
create index dns_job_migration on dns_job (migration_id);

-- What the inspection found for a migration, and what has been done with it.
create table dns_migration (
    migration_id         uuid primary key,
    plan                 jsonb       not null,
    inspected_at         timestamptz not null,
    stale                boolean     not null default false,
    ttl_lowered_at       timestamptz,
    ttl_effective_at     timestamptz,
    switched_at          timestamptz,
    rolled_back_at       timestamptz,
    external_notified_at timestamptz,
    external_reminded_at timestamptz,
    updated_at           timestamptz not null
);

-- Every RRset the service changed, before and after, with the zone serial the change produced.
create table dns_audit (
    id           bigserial primary key,
    migration_id uuid        not null,
    job_id       uuid,
    purpose      text        not null,
    zone         text        not null,
    name         text        not null,
    type         text        not null,
    before_ttl   bigint      not null,
    before_data  jsonb       not null,
    after_ttl    bigint      not null,
    after_data   jsonb       not null,
    server       text        not null,
    serial       bigint      not null,
    changed_at   timestamptz not null
);
create index dns_audit_migration on dns_audit (migration_id, id);
