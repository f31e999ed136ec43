-- Backfill jobs and their progress, so that a job can be read after a restart. owner is the bridge process running
-- the job; it refreshes heartbeat_at while the job is queued or running. A queued or running job whose owner stopped
-- refreshing it was interrupted (its process ended) and is marked INTERRUPTED.
create table backfill_job (
    id           text        primary key,
    source       text        not null,
    scope        text        not null,
    state        text        not null check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'INTERRUPTED')),
    pages        integer     not null default 0,
    accepted     integer     not null default 0,
    duplicates   integer     not null default 0,
    refused      integer     not null default 0,
    error        text,
    owner        text        not null,
    queued_at    timestamptz not null,
    started_at   timestamptz,
    finished_at  timestamptz,
    heartbeat_at timestamptz not null
);
create index backfill_job_open_idx on backfill_job (state, heartbeat_at) where state in ('QUEUED', 'RUNNING');
