-- Kept evidence counts of each release, so that gates read a handful of counts instead of the release's items.
--
-- release_evidence holds, per release and criterion input, how many of the release's items (release_item joined to
-- work_item) show that input:
--   defect:<SEVERITY>            open defects by severity (open: status_category is not DONE)
--   story                        open stories
--   type:<issue type>:<status>   items by issue type and source status, both in lower case (test executions: the
--                                passing ones are those whose status is a pass value)
--   revision:<class>             not a count: a number from release_evidence_revision that changes whenever anything
--                                a gate shows of the release's items of that class changes (membership, state,
--                                title, key, fields); classes: defect, story, type:<issue type>
-- Statement-level triggers on work_item and release_item keep the rows current in the transaction that stores the
-- item or the membership, whatever the code path; a gate's stored evaluation carries the revision it was made at
-- (gate_state.evidence_key), so an evaluation whose evidence did not move is not redone.
-- The counts hold for committed data of one writer at a time per item; `release_evidence_recount` checks them.

create sequence release_evidence_revision;

create table release_evidence (
    release_id text   not null,
    input      text   not null,
    count      bigint not null,
    primary key (release_id, input)
);

alter table gate_state add column evidence_key text;

-- What a membership can block with, kept beside it so that a release's open defects and stories are read from its
-- own rows: 'defect:<SEVERITY>' for an open defect with a severity, 'story' for an open story, null otherwise.
alter table release_item add column open_input text;
create index release_item_open_idx on release_item (release_id, open_input) where open_input is not null;

create function release_evidence_open_input(kind text, severity text, status_category text)
    returns text language sql immutable as
$$
    select case when status_category is distinct from 'DONE' then
               case when kind = 'DEFECT' and severity is not null then 'defect:' || severity
                    when kind = 'STORY' then 'story' end end
$$;

-- The inputs one membership contributes to, each with its revision class.
create function release_evidence_inputs(kind text, severity text, status_category text, source_status text,
                                        issue_type text)
    returns table (input text, class text) language sql immutable as
$$
    select 'defect:' || severity, 'defect' where kind = 'DEFECT' and severity is not null
                                             and status_category is distinct from 'DONE'
    union all
    select 'story', 'story' where kind = 'STORY' and status_category is distinct from 'DONE'
    union all
    select 'type:' || lower(issue_type) || ':' || lower(coalesce(source_status, '')), 'type:' || lower(issue_type)
    where issue_type is not null
$$;

-- Each trigger adds the signed inputs (+1 new, -1 old) of the memberships its rows touch and moves the revision
-- of every class they touch (a title change nets to no count but moves the revision).

create function release_evidence_work_item_inserted() returns trigger language plpgsql as
$$
begin
    update release_item ri set open_input = release_evidence_open_input(n.kind, n.severity, n.status_category)
    from new_rows n
    where ri.work_item_id = n.id
      and ri.open_input is distinct from release_evidence_open_input(n.kind, n.severity, n.status_category);
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select ri.release_id, n.kind, n.severity, n.status_category,
                     n.payload ->> 'sourceStatus' as source_status, ri.issue_type, 1 as sign
              from new_rows n join release_item ri on ri.work_item_id = n.id) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create function release_evidence_work_item_updated() returns trigger language plpgsql as
$$
begin
    update release_item ri set open_input = release_evidence_open_input(n.kind, n.severity, n.status_category)
    from new_rows n
    where ri.work_item_id = n.id
      and ri.open_input is distinct from release_evidence_open_input(n.kind, n.severity, n.status_category);
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select ri.release_id, n.kind, n.severity, n.status_category,
                     n.payload ->> 'sourceStatus' as source_status, ri.issue_type, 1 as sign
              from new_rows n join release_item ri on ri.work_item_id = n.id
              where n.id in (select o.id from old_rows o join new_rows n on n.id = o.id
                  where o.kind is distinct from n.kind or o.severity is distinct from n.severity
                     or o.status_category is distinct from n.status_category
                     or (o.payload ->> 'sourceStatus') is distinct from (n.payload ->> 'sourceStatus')
                     or o.title is distinct from n.title or o.source_key is distinct from n.source_key
                     or o.native_id is distinct from n.native_id or o.source_system is distinct from n.source_system
                     or o.source_entity is distinct from n.source_entity)
              union all
              select ri.release_id, o.kind, o.severity, o.status_category,
                     o.payload ->> 'sourceStatus' as source_status, ri.issue_type, -1 as sign
              from old_rows o join release_item ri on ri.work_item_id = o.id
              where o.id in (select o.id from old_rows o join new_rows n on n.id = o.id
                  where o.kind is distinct from n.kind or o.severity is distinct from n.severity
                     or o.status_category is distinct from n.status_category
                     or (o.payload ->> 'sourceStatus') is distinct from (n.payload ->> 'sourceStatus')
                     or o.title is distinct from n.title or o.source_key is distinct from n.source_key
                     or o.native_id is distinct from n.native_id or o.source_system is distinct from n.source_system
                     or o.source_entity is distinct from n.source_entity)) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create function release_evidence_work_item_deleted() returns trigger language plpgsql as
$$
begin
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select ri.release_id, o.kind, o.severity, o.status_category,
                     o.payload ->> 'sourceStatus' as source_status, ri.issue_type, -1 as sign
              from old_rows o join release_item ri on ri.work_item_id = o.id) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create function release_evidence_release_item_inserted() returns trigger language plpgsql as
$$
begin
    update release_item ri set open_input = release_evidence_open_input(w.kind, w.severity, w.status_category)
    from new_rows n join work_item w on w.id = n.work_item_id
    where ri.release_id = n.release_id and ri.work_item_id = n.work_item_id
      and ri.open_input is distinct from release_evidence_open_input(w.kind, w.severity, w.status_category);
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select n.release_id, w.kind, w.severity, w.status_category,
                     w.payload ->> 'sourceStatus' as source_status, n.issue_type, 1 as sign
              from new_rows n join work_item w on w.id = n.work_item_id) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create function release_evidence_release_item_updated() returns trigger language plpgsql as
$$
begin
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select n.release_id, w.kind, w.severity, w.status_category,
                     w.payload ->> 'sourceStatus' as source_status, n.issue_type, 1 as sign
              from new_rows n join work_item w on w.id = n.work_item_id
              where (n.release_id, n.work_item_id) in (select o.release_id, o.work_item_id from old_rows o
                  join new_rows n on n.release_id = o.release_id and n.work_item_id = o.work_item_id
                  where o.issue_type is distinct from n.issue_type or o.fields is distinct from n.fields)
              union all
              select o.release_id, w.kind, w.severity, w.status_category,
                     w.payload ->> 'sourceStatus' as source_status, o.issue_type, -1 as sign
              from old_rows o join work_item w on w.id = o.work_item_id
              where (o.release_id, o.work_item_id) in (select o.release_id, o.work_item_id from old_rows o
                  join new_rows n on n.release_id = o.release_id and n.work_item_id = o.work_item_id
                  where o.issue_type is distinct from n.issue_type or o.fields is distinct from n.fields)) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create function release_evidence_release_item_deleted() returns trigger language plpgsql as
$$
begin
    with c as (
        select x.release_id, x.sign, i.input, i.class
        from (select o.release_id, w.kind, w.severity, w.status_category,
                     w.payload ->> 'sourceStatus' as source_status, o.issue_type, -1 as sign
              from old_rows o join work_item w on w.id = o.work_item_id) x
        cross join lateral release_evidence_inputs(x.kind, x.severity, x.status_category, x.source_status,
                                                   x.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
    return null;
end
$$;

create trigger release_evidence_work_item_insert after insert on work_item
    referencing new table as new_rows for each statement execute function release_evidence_work_item_inserted();
create trigger release_evidence_work_item_update after update on work_item
    referencing old table as old_rows new table as new_rows
    for each statement execute function release_evidence_work_item_updated();
create trigger release_evidence_work_item_delete after delete on work_item
    referencing old table as old_rows for each statement execute function release_evidence_work_item_deleted();

create trigger release_evidence_release_item_insert after insert on release_item
    referencing new table as new_rows for each statement execute function release_evidence_release_item_inserted();
create trigger release_evidence_release_item_update after update on release_item
    referencing old table as old_rows new table as new_rows
    for each statement execute function release_evidence_release_item_updated();
create trigger release_evidence_release_item_delete after delete on release_item
    referencing old table as old_rows for each statement execute function release_evidence_release_item_deleted();

-- Emptying either table empties the counts (the join is empty) and moves every revision.
create function release_evidence_truncated() returns trigger language plpgsql as
$$
begin
    delete from release_evidence where input not like 'revision:%';
    update release_evidence set count = nextval('release_evidence_revision') where input like 'revision:%';
    return null;
end
$$;

create trigger release_evidence_work_item_truncate after truncate on work_item
    for each statement execute function release_evidence_truncated();
create trigger release_evidence_release_item_truncate after truncate on release_item
    for each statement execute function release_evidence_truncated();

-- A release's counts computed afresh from its items: what the kept rows must equal (revisions left out).
create function release_evidence_recount(release text) returns table (input text, count bigint) language sql stable as
$$
    select i.input, count(*)
    from release_item ri join work_item w on w.id = ri.work_item_id
    cross join lateral release_evidence_inputs(w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                                               ri.issue_type) i
    where ri.release_id = release
    group by i.input
$$;

-- Counts, revisions and open inputs of what is already stored.
update release_item ri set open_input = release_evidence_open_input(w.kind, w.severity, w.status_category)
from work_item w
where w.id = ri.work_item_id and release_evidence_open_input(w.kind, w.severity, w.status_category) is not null;

insert into release_evidence (release_id, input, count)
select ri.release_id, i.input, count(*)
from release_item ri join work_item w on w.id = ri.work_item_id
cross join lateral release_evidence_inputs(w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                                           ri.issue_type) i
group by ri.release_id, i.input;

insert into release_evidence (release_id, input, count)
select release_id, 'revision:' || class, nextval('release_evidence_revision')
from (select distinct ri.release_id, i.class
      from release_item ri join work_item w on w.id = ri.work_item_id
      cross join lateral release_evidence_inputs(w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                                                 ri.issue_type) i) r;
