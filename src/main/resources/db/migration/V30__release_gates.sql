-- Release gates: which items belong to which release, each gate's last verdict, the history of verdict changes,
-- sign-offs and the last answers of remote-query criteria.

alter table release add column released boolean not null default false;
alter table release add column change_request_id text;
create index release_change_request_idx on release (change_request_id) where change_request_id is not null;
create index release_product_name_idx on release (product, name);

-- An item of a release: a Jira issue whose fixVersions name it, or the ServiceNow change request that carries it.
-- issue_type and fields keep the source values that test-execution and approval criteria read.
create table release_item (
    release_id   text  not null,
    work_item_id text  not null,
    issue_type   text,
    fields       jsonb not null default '{}',
    primary key (release_id, work_item_id)
);
create index release_item_work_item_idx on release_item (work_item_id);
create index release_item_issue_type_idx on release_item (issue_type, release_id);

-- Gates look for open items only: a partial index keeps that lookup small however much history piles up.
create index work_item_open_idx on work_item (kind, team) where status_category is distinct from 'DONE';

create table gate_state (
    release_id   text        not null,
    gate_id      text        not null,
    verdict      text        not null,
    evaluation   jsonb       not null,
    evaluated_at timestamptz not null,
    changed_at   timestamptz not null,
    primary key (release_id, gate_id)
);

create table gate_history (
    id           bigserial primary key,
    release_id   text        not null,
    gate_id      text        not null,
    from_verdict text,
    to_verdict   text        not null,
    cause        text        not null,
    actor        text,
    reason       text        not null,
    evaluation   jsonb       not null,
    at           timestamptz not null,
    published_at timestamptz
);
create index gate_history_release_idx on gate_history (release_id, id);
create index gate_history_unpublished_idx on gate_history (id) where published_at is null;

create table gate_sign_off (
    release_id text        not null,
    gate_id    text        not null,
    signed_by  text        not null,
    signed_at  timestamptz not null,
    comment    text,
    primary key (release_id, gate_id)
);

create table gate_remote_result (
    release_id   text        not null,
    gate_id      text        not null,
    criterion_id text        not null,
    result       jsonb       not null,
    at           timestamptz not null,
    primary key (release_id, gate_id, criterion_id)
);
