-- Flow and stage queries for a one-year window read only covering indexes of the kept aggregates:
-- work_item_flow keeps each item's flow and cycle time in seconds (no per-row interval arithmetic at query time),
-- status_span keeps the end of the item's previous stay in the same stage group, so that the items of a stage in
-- a window are counted without count(distinct): a stay counts its item unless the previous stay of that item in
-- the same (value stream, stage, active) group also overlaps the window (it then ended after the window began).
alter table work_item_flow add column flow_seconds double precision; -- done - created, when done
alter table work_item_flow add column cycle_seconds double precision; -- done - started, when done and started
alter table status_span add column prev_left_at timestamptz;

update work_item_flow
set flow_seconds  = extract(epoch from (done_at - created_at))::double precision,
    cycle_seconds = extract(epoch from (done_at - started_at))::double precision
where done_at is not null;

update status_span s
set prev_left_at = p.prev_left_at
from (select work_item_id, entered_at,
             lag(left_at) over (partition by work_item_id, coalesce(value_stream, 'UNMAPPED'),
                                             coalesce(stage, lower(status)), active,
                                             status in ('RESOLVED', 'DONE', 'CANCELLED')
                                order by entered_at) as prev_left_at
      from status_span) p
where p.work_item_id = s.work_item_id and p.entered_at = s.entered_at and p.prev_left_at is not null;

-- flow: done items per period, load at the window's start and per period (epics are not flow items)
drop index work_item_flow_done_idx;
drop index work_item_flow_started_idx;
create index work_item_flow_done_idx on work_item_flow (done_at)
    include (flow_type, scope, started_at, flow_seconds, cycle_seconds, active_seconds, waiting_seconds)
    where kind is distinct from 'EPIC';
create index work_item_flow_started_idx on work_item_flow (started_at) include (done_at, flow_type, scope)
    where kind is distinct from 'EPIC';

-- stages: stays that began in the window, stays that began before it and ended in it, open stays; done statuses
-- are not stages
drop index status_span_entered_idx;
drop index status_span_left_idx;
drop index status_span_open_idx;
create index status_span_entered_idx on status_span (entered_at)
    include (left_at, prev_left_at, scope, value_stream, stage, active, status)
    where status not in ('RESOLVED', 'DONE', 'CANCELLED');
create index status_span_left_idx on status_span (left_at)
    include (entered_at, scope, value_stream, stage, active, status)
    where status not in ('RESOLVED', 'DONE', 'CANCELLED');
create index status_span_open_idx on status_span (entered_at)
    include (scope, value_stream, stage, active, status)
    where left_at is null and status not in ('RESOLVED', 'DONE', 'CANCELLED');
