-- The console's and the work-items API's reads: newest first, filtered by one column or none, one page at a time;
-- a key or number looked up exactly (case-insensitively, also through the pair's links); words of the title.
create index work_item_updated_idx on work_item (updated_at desc nulls last, id desc);
create index work_item_team_updated_idx on work_item (team, updated_at desc nulls last, id desc);
create index work_item_kind_updated_idx on work_item (kind, updated_at desc nulls last, id desc);
create index work_item_status_updated_idx on work_item (status, updated_at desc nulls last, id desc);
create index work_item_source_key_upper_idx on work_item (upper(source_key));
create index work_item_title_words_idx on work_item using gin (to_tsvector('simple', coalesce(title, '')));
create index sync_link_native_key_upper_idx on sync_link (upper(native_key));
-- An item's write commands, done ones included (the existing index covers open ones only).
create index outbox_aggregate_idx on outbox (aggregate_id, id);
