-- Where each open work package's SLA clock stood at the last sweep, and what was announced for it (the highest
-- warning threshold, the breach), so that each threshold and the breach are announced once across restarts.
create table sla_status (
    work_package_id text primary key,
    team            text,
    severity        text,
    state           text             not null,
    highest_warning double precision,
    breached        boolean          not null default false,
    target_ms       bigint,
    deadline        timestamptz,
    breached_at     timestamptz,
    evaluated_at    timestamptz      not null
);
create index sla_status_state_team_idx on sla_status (state, team);
