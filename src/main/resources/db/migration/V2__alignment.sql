-- Two-way alignment: the value both sides last agreed on per field, and which comment was carried where.

create table field_sync (
    pair_id         text        not null,
    field           text        not null,
    value_hash      text        not null,
    value           text,
    source_system   text        not null,
    -- the source's own update time of the change that set this value; "newest wins" compares against it
    source_at       timestamptz,
    synced_at       timestamptz not null default now(),
    -- the system a write of this value went to and whose echo has not come back yet; a different value arriving
    -- from it meanwhile is a change made on both sides since the last sync
    pending_to      text,
    primary key (pair_id, field)
);

create table comment_carry (
    origin_id      text primary key,
    pair_id        text        not null,
    target_system  text        not null,
    -- the copy's own id once the target answered (e.g. jira:comment:10100); null until then
    target_id      text,
    text_hash      text        not null,
    carried_at     timestamptz not null default now()
);
create unique index comment_carry_target_uq on comment_carry (target_id) where target_id is not null;
create index comment_carry_pair_idx on comment_carry (pair_id, target_system);

create index sync_link_native_key_idx on sync_link (system, native_key);
