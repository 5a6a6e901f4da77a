-- A requested step of a migration and how far it got; a restart re-runs what was RUNNING.
create table transfer_job (
    id               uuid primary key,
    migration_id     uuid        not null,
    step             text        not null,
    request_event_id uuid        not null,
    request_type     text        not null,
    request          text        not null,
    state            text        not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    attempts         integer     not null default 0,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    detail           text
);
create index transfer_job_queued on transfer_job (created_at) where state = 'QUEUED';
create index transfer_job_migration on transfer_job (migration_id);

-- What each site answered on the old host just before maintenance; later checks compare against it.
create table site_baseline (
    migration_id uuid        not null,
    domain       text        not null,
    status       integer     not null,
    title        text,
    body_sha256  text        not null,
    taken_at     timestamptz not null,
    primary key (migration_id, domain)
);
