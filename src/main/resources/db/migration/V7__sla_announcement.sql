-- SLA events to publish on the SLA topic, written in the sweep's transaction with the mark that announces them, so
-- a crash between the commit and the publish loses nothing: the next sweep publishes what is still unpublished.
-- event_id is stable (the rule's idempotency key), so consumers can drop a re-sent event.
create table sla_announcement (
    id              bigserial primary key,
    event_id        text        not null,
    work_package_id text        not null,
    payload         text        not null,
    created_at      timestamptz not null default now(),
    published_at    timestamptz,
    constraint sla_announcement_event_uq unique (event_id)
);
create index sla_announcement_unpublished_idx on sla_announcement (id) where published_at is null;
