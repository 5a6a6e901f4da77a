-- What this service knows of each migration, from the lifecycle events and the notices: enough to move or cancel
-- a reminder, to tell whether the cut-over began, and to preview any letter for it.
create table known_migration (
    migration_id    uuid primary key,
    account_id      uuid,
    customer_ref    text,
    cutover_at      timestamptz,
    -- when the fact that set cutover_at happened (the event's time): an older fact never overrides a newer one
    cutover_as_of   timestamptz,
    phase           text,
    cutover_began   boolean     not null default false,
    cancelled       boolean     not null default false,
    -- the latest notice (scrubbed JSON) and the latest announcement, the reminder's content
    last_notice     text,
    announcement    text,
    announcement_event_id uuid,
    updated_at      timestamptz not null
);

-- Every email: requested, scheduled, being handed to the SMTP server, sent, failed, uncertain or cancelled.
-- One row per (migration, kind, recipient, appointment): that is what "once" means.
create table notification (
    id               uuid primary key,
    migration_id     uuid        not null,
    kind             text        not null,
    recipient        text        not null,
    appointment      timestamptz not null,
    -- the request (or, for a reminder, the announcement) it answers; its result names it as the cause
    cause_event_id   uuid,
    notice           text        not null,
    state            text        not null check (state in
                         ('SCHEDULED', 'PENDING', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN', 'CANCELLED')),
    due_at           timestamptz not null,
    attempts         integer     not null default 0,
    language         text,
    subject          text,
    message_id       text,
    claimed_by       uuid,
    claimed_at       timestamptz,
    detail           text,
    requests         integer     not null default 1,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    sent_at          timestamptz
);
create unique index notification_once on notification (migration_id, kind, recipient, appointment);
create index notification_due on notification (due_at) where state in ('SCHEDULED', 'PENDING');
create index notification_sending on notification (claimed_at) where state = 'SENDING';
create index notification_migration on notification (migration_id, created_at);

-- Events this service could not act on (e.g. a lifecycle event for a migration it never heard of), with why.
create table ignored_event (
    event_id     uuid primary key,
    migration_id uuid        not null,
    event_type   text        not null,
    reason       text        not null,
    at           timestamptz not null
);
create index ignored_event_migration on ignored_event (migration_id);
