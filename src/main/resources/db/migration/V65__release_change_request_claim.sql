-- A ServiceNow change request that names a version of a product (its releaseField) before that version's release is
-- known waits here; the release takes it when the first issue or the project's version list creates it. Without
-- this, a change request consumed before the release's first issue (another partition of the inbound topic) was
-- never linked, and the verdicts never reached it.
create table release_change_request_claim (
    change_request_id text        primary key,
    product           text        not null,
    release_name      text        not null,
    fields            jsonb       not null default '{}',
    claimed_at        timestamptz not null default now()
);
create index release_change_request_claim_name_idx on release_change_request_claim (product, release_name);
