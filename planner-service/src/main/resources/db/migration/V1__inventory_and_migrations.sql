-- The operator's inventory: customers, hosts and hosting accounts.
create table customer (
    id         uuid primary key,
    ref        text        not null unique,
    name       text        not null,
    email      text        not null,
    language   text        not null,
    time_zone  text        not null,
    created_at timestamptz not null
);

create table host (
    id                   uuid primary key,
    name                 text    not null unique,
    role                 text    not null check (role in ('OLD', 'NEW')),
    ssh_host             text    not null,
    ssh_port             integer not null,
    ssh_user             text    not null,
    host_key_fingerprint text    not null,
    ipv4                 text,
    ipv6                 text,
    created_at           timestamptz not null
);

create table hosting_account (
    id            uuid primary key,
    customer_id   uuid not null references customer (id),
    old_host_id   uuid not null references host (id),
    new_host_id   uuid not null references host (id),
    system_user   text not null,
    home_path     text not null,
    new_home_path text not null,
    sites         jsonb not null,
    databases     jsonb not null,
    mailboxes     jsonb not null,
    domains       jsonb not null,
    created_at    timestamptz not null,
    unique (old_host_id, system_user)
);

-- A migration of one account and what the services reported about it.
create table migration (
    id                        uuid primary key,
    account_id                uuid        not null references hosting_account (id),
    phase                     text        not null,
    pause_cause               text,
    pause_reason              text,
    pause_step_done           boolean     not null default false,
    rollback_sync_back        boolean     not null default false,
    cutover_at                timestamptz not null,
    aftercare_ends_at         timestamptz,
    expected_downtime_minutes integer     not null,
    inventory                 jsonb,
    dns_plan                  jsonb,
    customer_dns_changes      jsonb,
    cutover_result            jsonb,
    progress                  jsonb,
    created_at                timestamptz not null,
    updated_at                timestamptz not null
);
create index migration_active on migration (phase) where phase not in ('COMPLETED', 'ROLLED_BACK', 'CANCELLED');
-- At most one unfinished migration per account.
create unique index migration_one_open_per_account on migration (account_id)
    where phase not in ('COMPLETED', 'ROLLED_BACK', 'CANCELLED');

-- The timeline: every run of every phase ...
create table phase_run (
    id          bigserial primary key,
    migration_id uuid        not null references migration (id),
    phase       text        not null,
    started_at  timestamptz not null,
    started_by  text        not null,
    ended_at    timestamptz,
    ended_by    text,
    result      text,
    detail      text
);
create index phase_run_migration on phase_run (migration_id, id);

-- ... and every event that reached or left the planner for a migration.
create table migration_event (
    id           bigserial primary key,
    migration_id uuid        not null references migration (id),
    event_id     uuid        not null,
    direction    text        not null check (direction in ('IN', 'OUT')),
    event_type   text        not null,
    causation_id uuid,
    at           timestamptz not null,
    outcome      text        not null
);
create index migration_event_migration on migration_event (migration_id, id);
