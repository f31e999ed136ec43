-- The bridge's state. Every model table keeps the full record as jsonb (payload) and copies the
-- fields that queries filter or aggregate on into columns beside it.

create table work_item (
    id                text primary key,
    kind              text        not null,
    source_system     text,
    source_entity     text,
    native_id         text,
    source_key        text,
    title             text,
    status            text,
    status_category   text,
    severity          text,
    flow_type         text,
    team              text,
    parent_id         text,
    sprint_id         text,
    created_at        timestamptz,
    updated_at        timestamptz,
    resolved_at       timestamptz,
    source_updated_at timestamptz,
    source_version    bigint,
    payload           jsonb       not null,
    stored_at         timestamptz not null default now()
);
create unique index work_item_source_key_uq on work_item (source_system, source_key) where source_key is not null;
create index work_item_team_idx on work_item (team);
create index work_item_status_category_idx on work_item (status_category);
create index work_item_kind_idx on work_item (kind);
create index work_item_sprint_idx on work_item (sprint_id);
create index work_item_parent_idx on work_item (parent_id);
create index work_item_resolved_at_idx on work_item (resolved_at);

create table status_change (
    id           bigserial primary key,
    work_item_id text        not null,
    from_status  text,
    to_status    text,
    source_from  text,
    source_to    text,
    changed_at   timestamptz not null,
    author       text,
    payload      jsonb       not null
);
-- Reconciliation replays history; the same transition at the same instant is recorded once.
create unique index status_change_natural_uq
    on status_change (work_item_id, changed_at, coalesce(source_to, ''), coalesce(to_status, ''));
create index status_change_changed_at_idx on status_change (changed_at);

create table comment (
    id               text primary key,
    work_item_id     text        not null,
    source_global_id text,
    author           text,
    visibility       text        not null,
    created_at       timestamptz,
    payload          jsonb       not null
);
create unique index comment_source_uq on comment (source_global_id) where source_global_id is not null;
create index comment_work_item_idx on comment (work_item_id);

create table sprint (
    id                text primary key,
    source_system     text,
    native_id         text,
    team              text,
    name              text,
    state             text        not null,
    start_at          timestamptz,
    end_at            timestamptz,
    source_updated_at timestamptz,
    source_version    bigint,
    payload           jsonb       not null,
    stored_at         timestamptz not null default now()
);
create index sprint_team_state_idx on sprint (team, state);

create table deployment (
    id                text primary key,
    source_system     text,
    native_id         text,
    service           text,
    environment       text,
    environment_type  text,
    status            text,
    started_at        timestamptz,
    finished_at       timestamptz,
    ref               text,
    linked_item_keys  text[]      not null default '{}',
    source_updated_at timestamptz,
    source_version    bigint,
    payload           jsonb       not null,
    stored_at         timestamptz not null default now()
);
create index deployment_env_status_finished_idx on deployment (environment_type, status, finished_at);
create index deployment_finished_at_idx on deployment (finished_at);
create index deployment_service_idx on deployment (service);
create index deployment_linked_item_keys_idx on deployment using gin (linked_item_keys);

create table release (
    id                text primary key,
    source_system     text,
    native_id         text,
    name              text,
    product           text,
    current_phase     text,
    release_date      timestamptz,
    source_updated_at timestamptz,
    source_version    bigint,
    payload           jsonb       not null,
    stored_at         timestamptz not null default now()
);
create index release_product_idx on release (product);

create table sync_link (
    id                  bigserial primary key,
    work_item_id        text        not null,
    system              text        not null,
    native_id           text        not null,
    native_key          text,
    url                 text,
    last_synced_version bigint,
    last_synced_at      timestamptz,
    -- field name -> fingerprint of the value the bridge last wrote or read, to recognise echoes
    field_fingerprints  jsonb       not null default '{}',
    created_at          timestamptz not null default now(),
    constraint sync_link_native_uq unique (system, native_id),
    constraint sync_link_work_item_system_uq unique (work_item_id, system)
);

create table inbox (
    id           bigserial primary key,
    source       text        not null,
    event_type   text,
    dedup_key    text        not null,
    received_at  timestamptz not null default now(),
    headers      jsonb       not null default '{}',
    body         text,
    status       text        not null default 'RECEIVED'
        check (status in ('RECEIVED', 'PUBLISHED', 'PROCESSED', 'QUARANTINED')),
    processed_at timestamptz,
    constraint inbox_dedup_key_uq unique (dedup_key)
);
create index inbox_status_received_idx on inbox (status, received_at);

create table outbox (
    id              bigserial primary key,
    idempotency_key text        not null,
    target_system   text        not null,
    command_type    text        not null,
    aggregate_id    text,
    payload         jsonb       not null,
    status          text        not null default 'PENDING'
        check (status in ('PENDING', 'IN_FLIGHT', 'DONE', 'FAILED', 'DEAD')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_at      timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    done_at         timestamptz,
    constraint outbox_idempotency_key_uq unique (idempotency_key)
);
create index outbox_claimable_idx on outbox (next_attempt_at, id) where status in ('PENDING', 'FAILED');
create index outbox_open_by_aggregate_idx on outbox (aggregate_id, id) where status in ('PENDING', 'IN_FLIGHT', 'FAILED');
create index outbox_status_idx on outbox (status);

create table audit_log (
    id        bigserial primary key,
    at        timestamptz not null default now(),
    actor     text        not null,
    action    text        not null,
    entity_id text,
    detail    jsonb       not null default '{}'
);
create index audit_log_entity_idx on audit_log (entity_id, at);
create index audit_log_at_idx on audit_log (at);

create table quarantine (
    id          bigserial primary key,
    inbox_id    bigint references inbox (id),
    source      text        not null,
    reason      text        not null,
    payload     text,
    created_at  timestamptz not null default now(),
    replayed_at timestamptz,
    status      text        not null default 'OPEN' check (status in ('OPEN', 'REPLAYED', 'DISCARDED'))
);
create index quarantine_status_idx on quarantine (status, created_at);

create table watermark (
    name       text primary key,
    value      text        not null,
    updated_at timestamptz not null default now()
);
