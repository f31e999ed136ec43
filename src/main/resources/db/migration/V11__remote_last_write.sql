-- The latest applied write command per system (the console's and the gauges' "last successful write").
create index outbox_done_by_system_idx on outbox (target_system, done_at) where status = 'DONE';
