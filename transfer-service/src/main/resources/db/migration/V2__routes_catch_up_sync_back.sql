-- Every file copy of a migration and the way it went: DIRECT (the new host pulled with rsync) or RELAY (tar
-- streamed through the service), with why.
create table file_pass (
    id           bigserial primary key,
    migration_id uuid        not null,
    work         text        not null,
    route        text        not null check (route in ('DIRECT', 'RELAY')),
    reason       text        not null,
    files        bigint      not null,
    bytes        bigint      not null,
    deleted      bigint      not null,
    millis       bigint      not null,
    finished_at  timestamptz not null
);
create index file_pass_migration on file_pass (migration_id);

-- When a cut-over finished, by each host's own clock (seconds since the epoch): a sync-back on rollback copies
-- what changed on the new host after it. sync_back_started_at is set while a sync-back overwrites the old side.
create table cutover_mark (
    migration_id         uuid primary key,
    old_clock            numeric     not null,
    new_clock            numeric     not null,
    finished_at          timestamptz not null,
    sync_back_started_at timestamptz
);

-- Mail arriving at the old host after the cut-over, copied to the new host until the planner closes the window.
-- READY: the cut-over recorded what the new host holds; OPEN: passes run every interval; CLOSING: one last pass
-- is owed; CLOSED: done. A pass that was running when the service stopped runs again at start-up.
create table mail_catchup (
    migration_id  uuid primary key,
    account       text        not null,
    state         text        not null check (state in ('READY', 'OPEN', 'CLOSING', 'CLOSED')),
    suspended     boolean     not null default false,
    running_since timestamptz,
    next_pass_at  timestamptz,
    passes        integer     not null default 0,
    messages      bigint      not null default 0,
    last_pass_at  timestamptz,
    last_error    text,
    closed_why    text,
    updated_at    timestamptz not null
);
create index mail_catchup_due on mail_catchup (next_pass_at) where state in ('OPEN', 'CLOSING');

-- Every message (by its maildir unique name) known to have reached the new host; it is never copied again, so
-- a message the customer deleted there does not come back.
create table mail_seen (
    migration_id uuid not null,
    maildir      text not null,
    unique_name  text not null,
    primary key (migration_id, maildir, unique_name)
);
