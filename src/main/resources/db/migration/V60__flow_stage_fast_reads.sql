-- Flow and stage queries for a one-year window answer from small kept tables instead of every item's rows
-- (docs/metrics.md, "How the flow and stage queries stay fast"). All are kept by the metrics-refresh route
-- (FlowAggregates), incrementally: the rows of the items recomputed are taken out, then put back.

-- Per item: flow and cycle time in seconds (no per-row interval arithmetic at query time).
alter table work_item_flow add column flow_seconds double precision; -- done - created, when done
alter table work_item_flow add column cycle_seconds double precision; -- done - started, when done and started
-- the Monday week and the month (UTC) of done_at, the periods of the trend
alter table work_item_flow add column done_week date;
alter table work_item_flow add column done_month date;
-- Per stay: the end of the item's previous stay in the same stage group (value stream, stage, active; done
-- statuses apart). A stay counts its item in a window unless that previous stay overlaps the window too, which
-- counts every item once without count(distinct).
alter table status_span add column prev_left_at timestamptz;

-- Flow load per UTC day, flow type and scope (epics left out): items started that day; items done that day that
-- had started by then (the "done" moves of the load); items that left the load that day (started and done, by
-- the later of the two). Load at a day's start = started before it - left before it.
create table flow_day (
    day       date   not null,
    scope     text   not null, -- '' for an item without scope or team
    flow_type text   not null,
    started   bigint not null default 0,
    done      bigint not null default 0,
    left_load bigint not null default 0,
    primary key (day, scope, flow_type)
);

-- Closed stays per UTC day and stage group. A stay enters on the day of entered_at and leaves on the day of the
-- last microsecond it covers (a stay ending at midnight leaves the day before). enter_rest_us: microseconds from
-- the entries to the end of their day; leave_rest_us: microseconds from the exits to the end of their day. The
-- time spent in a group on day d = 86400 s * (stays entered before d and not left before d) + enter_rest - leave_rest.
create table stage_day (
    day           date    not null,
    scope         text    not null,
    value_stream  text    not null, -- 'UNMAPPED' for a status without a stage
    stage         text    not null, -- the canonical status (lower case) for a status without a stage
    active        boolean not null,
    entered       bigint  not null default 0,
    enter_rest_us bigint  not null default 0,
    left_n        bigint  not null default 0,
    leave_rest_us bigint  not null default 0,
    primary key (value_stream, stage, active, scope, day)
);

-- Closed stays that have an earlier stay of the same item in the same group, by the day that earlier stay left
-- and the day this one entered: a window that begins on or before prev_day counts the item once, not twice.
create table stage_reentry (
    prev_day     date    not null,
    entry_day    date    not null,
    scope        text    not null,
    value_stream text    not null,
    stage        text    not null,
    active       boolean not null,
    stays        bigint  not null default 0,
    primary key (prev_day, entry_day, scope, value_stream, stage, active)
);

-- Done items per period: flow and cycle times read from one covering index (epics are not flow items).
drop index work_item_flow_done_idx;
create index work_item_flow_done_idx on work_item_flow (done_at)
    include (flow_type, scope, done_week, done_month, flow_seconds, cycle_seconds, active_seconds, waiting_seconds)
    where kind is distinct from 'EPIC';
-- Open stays (and windows that do not begin and end at midnight UTC) are read from status_span.
drop index status_span_open_idx;
create index status_span_open_idx on status_span (entered_at)
    include (prev_left_at, scope, stage, value_stream, active, status)
    where left_at is null and status not in ('RESOLVED', 'DONE', 'CANCELLED');

-- The aggregates are rebuilt by the next refresh: every item is recomputed from status_change and work_item.
truncate status_span, work_item_flow;
delete from watermark where name like 'metrics.flow.%';

-- Whole microseconds of an interval without months (a difference of two times).
create function metrics_micros(i interval) returns bigint
    language sql immutable parallel safe as
$$
select (extract(epoch from i) * 1000000)::bigint
$$;
