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

-- What one membership row adds to or takes from the counts: the source values the inputs are made of, signed.
create type release_evidence_delta as (release_id text, kind text, severity text, status_category text,
                                       source_status text, issue_type text, sign integer);

-- The one place the kept rows move: adds the signed inputs of the deltas and moves the revision of every class they
-- touch (a title change nets to no count but moves the revision). The triggers below only say which rows changed.
create function release_evidence_apply(deltas release_evidence_delta[]) returns void language sql as
$$
    with c as (
        select d.release_id, d.sign, i.input, i.class
        from unnest(deltas) d
        cross join lateral release_evidence_inputs(d.kind, d.severity, d.status_category, d.source_status,
                                                   d.issue_type) i
    ), counted as (
        insert into release_evidence (release_id, input, count)
        select release_id, input, sum(sign) from c group by release_id, input having sum(sign) <> 0
        on conflict (release_id, input) do update set count = release_evidence.count + excluded.count
    )
    insert into release_evidence (release_id, input, count)
    select release_id, 'revision:' || class, nextval('release_evidence_revision')
    from (select distinct release_id, class from c) r
    on conflict (release_id, input) do update set count = excluded.count;
$$;

-- A stored work item: its memberships' open inputs follow it, and each membership counts with the item's new values
-- (+1) and without its old ones (-1). An update that changes nothing a gate shows moves nothing.
create function release_evidence_work_item_changed() returns trigger language plpgsql as
$$
declare
    deltas release_evidence_delta[];
begin
    if tg_op <> 'DELETE' then
        update release_item ri set open_input = release_evidence_open_input(n.kind, n.severity, n.status_category)
        from new_rows n
        where ri.work_item_id = n.id
          and ri.open_input is distinct from release_evidence_open_input(n.kind, n.severity, n.status_category);
    end if;
    if tg_op = 'INSERT' then
        deltas := array(
            select row(ri.release_id, n.kind, n.severity, n.status_category, n.payload ->> 'sourceStatus',
                       ri.issue_type, 1)::release_evidence_delta
            from new_rows n join release_item ri on ri.work_item_id = n.id);
    elsif tg_op = 'UPDATE' then
        deltas := array(
            with moved as (
                select n.id from old_rows o join new_rows n on n.id = o.id
                where o.kind is distinct from n.kind or o.severity is distinct from n.severity
                   or o.status_category is distinct from n.status_category
                   or (o.payload ->> 'sourceStatus') is distinct from (n.payload ->> 'sourceStatus')
                   or o.title is distinct from n.title or o.source_key is distinct from n.source_key
                   or o.native_id is distinct from n.native_id or o.source_system is distinct from n.source_system
                   or o.source_entity is distinct from n.source_entity)
            select row(ri.release_id, n.kind, n.severity, n.status_category, n.payload ->> 'sourceStatus',
                       ri.issue_type, 1)::release_evidence_delta
            from new_rows n join release_item ri on ri.work_item_id = n.id where n.id in (select id from moved)
            union all
            select row(ri.release_id, o.kind, o.severity, o.status_category, o.payload ->> 'sourceStatus',
                       ri.issue_type, -1)::release_evidence_delta
            from old_rows o join release_item ri on ri.work_item_id = o.id where o.id in (select id from moved));
    else
        deltas := array(
            select row(ri.release_id, o.kind, o.severity, o.status_category, o.payload ->> 'sourceStatus',
                       ri.issue_type, -1)::release_evidence_delta
            from old_rows o join release_item ri on ri.work_item_id = o.id);
    end if;
    if cardinality(deltas) > 0 then
        perform release_evidence_apply(deltas);
    end if;
    return null;
end
$$;

-- A stored membership: it counts with its item's values and its own issue type; an update that changes neither its
-- issue type nor its fields (e.g. only open_input) moves nothing.
create function release_evidence_release_item_changed() returns trigger language plpgsql as
$$
declare
    deltas release_evidence_delta[];
begin
    if tg_op = 'INSERT' then
        update release_item ri set open_input = release_evidence_open_input(w.kind, w.severity, w.status_category)
        from new_rows n join work_item w on w.id = n.work_item_id
        where ri.release_id = n.release_id and ri.work_item_id = n.work_item_id
          and ri.open_input is distinct from release_evidence_open_input(w.kind, w.severity, w.status_category);
        deltas := array(
            select row(n.release_id, w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                       n.issue_type, 1)::release_evidence_delta
            from new_rows n join work_item w on w.id = n.work_item_id);
    elsif tg_op = 'UPDATE' then
        deltas := array(
            with moved as (
                select n.release_id, n.work_item_id from old_rows o
                join new_rows n on n.release_id = o.release_id and n.work_item_id = o.work_item_id
                where o.issue_type is distinct from n.issue_type or o.fields is distinct from n.fields)
            select row(n.release_id, w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                       n.issue_type, 1)::release_evidence_delta
            from new_rows n join work_item w on w.id = n.work_item_id
            where (n.release_id, n.work_item_id) in (select release_id, work_item_id from moved)
            union all
            select row(o.release_id, w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                       o.issue_type, -1)::release_evidence_delta
            from old_rows o join work_item w on w.id = o.work_item_id
            where (o.release_id, o.work_item_id) in (select release_id, work_item_id from moved));
    else
        deltas := array(
            select row(o.release_id, w.kind, w.severity, w.status_category, w.payload ->> 'sourceStatus',
                       o.issue_type, -1)::release_evidence_delta
            from old_rows o join work_item w on w.id = o.work_item_id);
    end if;
    if cardinality(deltas) > 0 then
        perform release_evidence_apply(deltas);
    end if;
    return null;
end
$$;

create trigger release_evidence_work_item_insert after insert on work_item
    referencing new table as new_rows for each statement execute function release_evidence_work_item_changed();
create trigger release_evidence_work_item_update after update on work_item
    referencing old table as old_rows new table as new_rows
    for each statement execute function release_evidence_work_item_changed();
create trigger release_evidence_work_item_delete after delete on work_item
    referencing old table as old_rows for each statement execute function release_evidence_work_item_changed();

create trigger release_evidence_release_item_insert after insert on release_item
    referencing new table as new_rows for each statement execute function release_evidence_release_item_changed();
create trigger release_evidence_release_item_update after update on release_item
    referencing old table as old_rows new table as new_rows
    for each statement execute function release_evidence_release_item_changed();
create trigger release_evidence_release_item_delete after delete on release_item
    referencing old table as old_rows for each statement execute function release_evidence_release_item_changed();

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

-- Corrects kept counts that differ from a recount (a change made with the triggers disabled, a restore, a fault):
-- each differing count is set to the recounted one and the revision of its class moves, so that the gates reading
-- it are judged again; the memberships' open inputs are put back too. Returns the releases whose counts moved.
-- Writers of the counts wait while it runs (it must not overwrite what they commit meanwhile), so it is scheduled.
create function release_evidence_correct() returns table (release_id text) language plpgsql as
$$
#variable_conflict use_column
begin
    lock table release_evidence in share mode;
    update release_item ri set open_input = release_evidence_open_input(w.kind, w.severity, w.status_category)
    from work_item w
    where w.id = ri.work_item_id
      and ri.open_input is distinct from release_evidence_open_input(w.kind, w.severity, w.status_category);
    return query
    with fresh as (
        select ri.release_id, i.input, i.class, count(*) as count
        from release_item ri join work_item w on w.id = ri.work_item_id
        cross join lateral release_evidence_inputs(w.kind, w.severity, w.status_category,
                                                   w.payload ->> 'sourceStatus', ri.issue_type) i
        group by ri.release_id, i.input, i.class
    ), kept as (
        select e.release_id, e.input, e.count from release_evidence e where e.input not like 'revision:%'
    ), diff as (
        select coalesce(f.release_id, k.release_id) as release_id, coalesce(f.input, k.input) as input,
               coalesce(f.class, case when k.input like 'defect:%' then 'defect' when k.input = 'story' then 'story'
                                      else 'type:' || split_part(k.input, ':', 2) end) as class,
               f.count as fresh
        from fresh f full join kept k on k.release_id = f.release_id and k.input = f.input
        where f.count is distinct from k.count
    ), removed as (
        delete from release_evidence e using diff d
        where d.fresh is null and e.release_id = d.release_id and e.input = d.input
    ), recounted as (
        insert into release_evidence (release_id, input, count)
        select d.release_id, d.input, d.fresh from diff d where d.fresh is not null
        on conflict (release_id, input) do update set count = excluded.count
    ), moved as (
        insert into release_evidence (release_id, input, count)
        select r.release_id, 'revision:' || r.class, nextval('release_evidence_revision')
        from (select distinct d.release_id, d.class from diff d) r
        on conflict (release_id, input) do update set count = excluded.count
    )
    select distinct d.release_id from diff d order by 1;
end
$$;
