-- Flow load counts items started and not yet done at the end of each period; stage time reads spans that were
-- open when the window began.
create index work_item_flow_started_idx on work_item_flow (started_at) include (done_at, flow_type, scope);
create index status_span_left_idx on status_span (left_at) include (entered_at, scope, stage, value_stream, active, status);
create index status_span_open_idx on status_span (entered_at) include (scope, stage, value_stream, active, status)
    where left_at is null;
create index status_change_id_item_idx on status_change (id, work_item_id);
create index work_item_stored_at_idx on work_item (stored_at);
