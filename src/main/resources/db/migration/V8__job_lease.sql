-- Scheduled jobs (polls, reconciliation, sprint sync, SLA sweep, housekeeping) run on one instance of a cluster at a
-- time: the instance that holds the job's lease. A lease that is not renewed lapses and another instance takes over.
create table job_lease (
    name     text primary key,
    owner    text        not null,
    until    timestamptz not null,
    taken_at timestamptz not null default now()
);
