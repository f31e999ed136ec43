-- The kept DORA links of V63 (deployment_commit.prev_success_id) and V64 (scm_change.deployed_*) are kept by
-- statement-level triggers reading the statement's transition tables, with set-based relinking: a bulk write costs
-- index probes per row written (and per row whose link it changes), whatever its size and whatever the planner
-- believes about the tables' sizes, and a single-row write costs the same few probes as before.
--
-- What a write can change (the rules of V63 are unchanged): a row's previous successful row is the SUCCESS row of
-- its (scope, repo, environment) with the latest finish strictly before its own (ties: highest id). A row written
-- at time t of a group (inserted, deleted, or updated: its old and its new place) can change the link only of the
-- rows of that group finished in (t, u], u being the first finish of a successful row of the group after t (rows
-- after u keep a previous at or after u, unless another written row lies after u, whose own range covers them).
-- The ranges of the rows written in one statement are merged per (group, u), which leaves disjoint ranges: each
-- row whose link may change is looked at once.

drop trigger deployment_commit_link_inserted on deployment_commit;
drop trigger deployment_commit_link_updated on deployment_commit;
drop trigger deployment_commit_link_deleted on deployment_commit;
drop trigger deployment_commit_refresh_deployed on deployment_commit;
drop trigger deployment_change_refresh_inserted on deployment_change;
drop trigger deployment_change_refresh_deleted on deployment_change;
drop trigger deployment_change_refresh_moved on deployment_change;

drop function deployment_commit_link_inserted();
drop function deployment_commit_link_updated();
drop function deployment_commit_link_deleted();
drop function deployment_commit_relink_written(jsonb);
drop function deployment_commit_relink_range(text, text, text, timestamptz);
drop function deployment_commit_relink(text, text, text, timestamptz);
drop function deployment_commit_refresh_deployed();
drop function deployment_change_refresh_inserted();
drop function deployment_change_refresh_deleted();
drop function deployment_change_refresh_moved();
drop function scm_change_refresh_deployed_any(text[]);
drop function scm_change_refresh_deployed_bulk(text[]);
drop function scm_change_refresh_deployed(text);

-- A row's own link is still set before it is written (BEFORE ROW trigger deployment_commit_link_own). Volatile, so
-- that it sees the rows the same statement wrote before it: an insert of rows in time order links every row right
-- away and the statement's relink below finds nothing to change.
alter function deployment_commit_prev_success(bigint, text, text, text, timestamptz) volatile;

-- The successful rows of a group without a scope, ordered by finish (the index above leads with scope, and a
-- "scope is null" condition does not give its order: the newest successful row before a time was a sort).
create index deployment_commit_success_unscoped_idx on deployment_commit (repo_url, environment_type, finished_at, id)
    where result = 'SUCCESS' and scope is null;

-- How these functions stay linear whatever the planner believes about sizes (a bulk write is planned while the
-- statistics still describe the tables before it: a table believed to hold 9 rows is a fine inner side of a
-- nested loop, a table of 300,000 rows rescanned per outer row is not):
--  * every look-up in a table is a lateral subquery with "offset 0" (never flattened into a join), or a scalar
--    subquery: it can only run once per outer row, as an index probe (sequential scans are off);
--  * what is read is collected into arrays first; the update then reads its target rows by key
--    ("id = any(ids)", one index descent per key) and pairs them with the arrays by a hash join.

-- Relinks the rows whose previous successful row the writes at the given places (scope, repo, environment, finish:
-- parallel arrays) may have changed, and the rows p_ids (written rows: their own link).
create function deployment_commit_relink_places(p_scope text[], p_repo text[], p_env text[], p_at timestamptz[],
                                                p_ids bigint[])
    returns void language plpgsql
    set enable_seqscan = off set enable_nestloop = off set enable_mergejoin = off as
$$
declare
    v_ids bigint[];
    v_prev bigint[];
begin
    with p as (
             select distinct u.scope, u.repo, u.env, u.at
             from unnest(p_scope, p_repo, p_env, p_at) u(scope, repo, env, at)
             where u.repo is not null and u.env is not null and u.at is not null),
         -- the place's range ends at the first successful finish of its group after it
         b as (
             select p.scope, p.repo, p.env, p.at,
                    case when p.scope is null then
                             (select min(s.finished_at) from deployment_commit s
                              where s.scope is null and s.repo_url = p.repo and s.environment_type = p.env
                                and s.result = 'SUCCESS' and s.finished_at > p.at)
                         else
                             (select min(s.finished_at) from deployment_commit s
                              where s.scope = p.scope and s.repo_url = p.repo and s.environment_type = p.env
                                and s.result = 'SUCCESS' and s.finished_at > p.at)
                    end as upto
             from p),
         -- ranges with the same end merged: disjoint ranges
         m as (select b.scope, b.repo, b.env, b.upto, min(b.at) as after_at from b group by 1, 2, 3, 4),
         a as (
             select r.id
             from m
             cross join lateral (
                 select dc.id from deployment_commit dc
                 where m.scope is not null and dc.scope = m.scope and dc.repo_url = m.repo
                   and dc.environment_type = m.env
                   and dc.finished_at > m.after_at and dc.finished_at <= coalesce(m.upto, 'infinity')
                 union all
                 select dc.id from deployment_commit dc
                 where m.scope is null and dc.scope is null and dc.repo_url = m.repo and dc.environment_type = m.env
                   and dc.finished_at > m.after_at and dc.finished_at <= coalesce(m.upto, 'infinity')
                 offset 0) r
             union
             select u.id from unnest(p_ids) u(id) where u.id is not null),
         n as (
             select r.id, r.prev_success_id,
                    case when r.environment_type is null or r.finished_at is null then null
                         when r.scope is null then
                             (select s.id from deployment_commit s
                              where s.scope is null and s.repo_url = r.repo_url
                                and s.environment_type = r.environment_type and s.result = 'SUCCESS'
                                and s.finished_at < r.finished_at
                              order by s.finished_at desc, s.id desc limit 1)
                         else
                             (select s.id from deployment_commit s
                              where s.scope = r.scope and s.repo_url = r.repo_url
                                and s.environment_type = r.environment_type and s.result = 'SUCCESS'
                                and s.finished_at < r.finished_at
                              order by s.finished_at desc, s.id desc limit 1)
                    end as prev
             from a
             cross join lateral (select dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at,
                                        dc.prev_success_id
                                 from deployment_commit dc where dc.id = a.id offset 0) r)
    select array_agg(n.id), array_agg(n.prev) into v_ids, v_prev
    from n
    where n.prev_success_id is distinct from n.prev;
    if v_ids is null then
        return;
    end if;
    update deployment_commit dc
    set prev_success_id = u.prev
    from unnest(v_ids, v_prev) u(id, prev)
    where dc.id = u.id and dc.id = any(v_ids);
end
$$;

-- One change's kept columns from the rows that shipped p_sha (V64's rules; also read by the change's own trigger).
create or replace function scm_change_deployments(p_sha text)
    returns table (deployed_at timestamptz, deployed_deployment_id text, deployed_scope text, deployed_scopes int,
                   devlake_deployed_at timestamptz, devlake_deployment_id text, devlake_deployed_scope text)
    language sql stable
    set enable_seqscan = off set enable_nestloop = off set enable_mergejoin = off as
$$
    select (array_agg(r.finished_at order by r.finished_at, r.id))[1],
           (array_agg(r.deployment_id order by r.finished_at, r.id))[1],
           (array_agg(r.scope order by r.finished_at, r.id))[1],
           case when count(*) = 0 then null
                else (count(distinct r.scope) + max(case when r.scope is null then 1 else 0 end))::int
           end,
           (array_agg(r.finished_at order by r.started_at, r.id)
               filter (where r.repo_url <> '' and r.prev_success_id is not null))[1],
           (array_agg(r.deployment_id order by r.started_at, r.id)
               filter (where r.repo_url <> '' and r.prev_success_id is not null))[1],
           (array_agg(r.scope order by r.started_at, r.id)
               filter (where r.repo_url <> '' and r.prev_success_id is not null))[1]
    from (select x.deployment_commit_id from deployment_change x where x.sha = p_sha offset 0) x
    cross join lateral (select dc.id, dc.deployment_id, dc.scope, dc.repo_url, dc.started_at, dc.finished_at,
                               dc.prev_success_id
                        from deployment_commit dc
                        where dc.id = x.deployment_commit_id and dc.environment_type = 'PRODUCTION'
                          and dc.result = 'SUCCESS' and dc.finished_at is not null
                        offset 0) r
$$;

-- Refreshes the changes whose ship_sha is one of p_shas (V64's columns): per sha its changes and its shipped rows
-- (index probes), one aggregate; then the changes whose columns differ are updated.
create or replace function scm_change_refresh_deployed_all(p_shas text[]) returns void language plpgsql
    set enable_seqscan = off set enable_nestloop = off set enable_mergejoin = off as
$$
declare
    v_ids text[]; v_at timestamptz[]; v_dep text[]; v_scope text[]; v_scopes int[];
    v_dl_at timestamptz[]; v_dl_dep text[]; v_dl_scope text[];
begin
    select array_agg(t.id), array_agg(g.deployed_at), array_agg(g.deployed_deployment_id),
           array_agg(g.deployed_scope), array_agg(g.deployed_scopes), array_agg(g.devlake_deployed_at),
           array_agg(g.devlake_deployment_id), array_agg(g.devlake_deployed_scope)
    into v_ids, v_at, v_dep, v_scope, v_scopes, v_dl_at, v_dl_dep, v_dl_scope
    from (select distinct u.sha from unnest(p_shas) u(sha) where u.sha is not null) s
    cross join lateral (select c.id, c.deployed_at, c.deployed_deployment_id, c.deployed_scope, c.deployed_scopes,
                               c.devlake_deployed_at, c.devlake_deployment_id, c.devlake_deployed_scope
                        from scm_change c where c.ship_sha = s.sha and c.pull_request_id is null offset 0) t
    cross join lateral (
        -- (scm_change_deployments(s.sha), written out: a function call per sha costs more than its probes)
        select (array_agg(r.finished_at order by r.finished_at, r.id))[1] as deployed_at,
               (array_agg(r.deployment_id order by r.finished_at, r.id))[1] as deployed_deployment_id,
               (array_agg(r.scope order by r.finished_at, r.id))[1] as deployed_scope,
               case when count(*) = 0 then null
                    else (count(distinct r.scope) + max(case when r.scope is null then 1 else 0 end))::int
               end as deployed_scopes,
               (array_agg(r.finished_at order by r.started_at, r.id)
                   filter (where r.repo_url <> '' and r.prev_success_id is not null))[1] as devlake_deployed_at,
               (array_agg(r.deployment_id order by r.started_at, r.id)
                   filter (where r.repo_url <> '' and r.prev_success_id is not null))[1] as devlake_deployment_id,
               (array_agg(r.scope order by r.started_at, r.id)
                   filter (where r.repo_url <> '' and r.prev_success_id is not null))[1] as devlake_deployed_scope
        from (select x.deployment_commit_id from deployment_change x where x.sha = s.sha offset 0) x
        cross join lateral (select dc.id, dc.deployment_id, dc.scope, dc.repo_url, dc.started_at, dc.finished_at,
                                   dc.prev_success_id
                            from deployment_commit dc
                            where dc.id = x.deployment_commit_id and dc.environment_type = 'PRODUCTION'
                              and dc.result = 'SUCCESS' and dc.finished_at is not null
                            offset 0) r) g
    where (t.deployed_at, t.deployed_deployment_id, t.deployed_scope, t.deployed_scopes, t.devlake_deployed_at,
           t.devlake_deployment_id, t.devlake_deployed_scope)
          is distinct from
          (g.deployed_at, g.deployed_deployment_id, g.deployed_scope, g.deployed_scopes, g.devlake_deployed_at,
           g.devlake_deployment_id, g.devlake_deployed_scope);
    if v_ids is null then
        return;
    end if;
    update scm_change c
    set deployed_at = u.deployed_at, deployed_deployment_id = u.deployed_deployment_id,
        deployed_scope = u.deployed_scope, deployed_scopes = u.deployed_scopes,
        devlake_deployed_at = u.devlake_deployed_at, devlake_deployment_id = u.devlake_deployment_id,
        devlake_deployed_scope = u.devlake_deployed_scope
    from unnest(v_ids, v_at, v_dep, v_scope, v_scopes, v_dl_at, v_dl_dep, v_dl_scope)
        u(id, deployed_at, deployed_deployment_id, deployed_scope, deployed_scopes, devlake_deployed_at,
          devlake_deployment_id, devlake_deployed_scope)
    where c.id = u.id and c.id = any(v_ids);
end
$$;

-- The changes shipped by the deployment commit rows p_ids: refreshed (index probes on deployment_change's key).
create function scm_change_refresh_deployed_by_rows(p_ids bigint[]) returns void language plpgsql
    set enable_seqscan = off set enable_nestloop = off set enable_mergejoin = off as
$$
begin
    perform scm_change_refresh_deployed_all(array(
        select x.sha from unnest(p_ids) u(id)
        cross join lateral (select x.sha from deployment_change x where x.deployment_commit_id = u.id offset 0) x));
end
$$;

-- deployment_commit, after each statement: the rows that follow the places written are relinked, then the changes
-- shipped by rows whose deployment facts changed are refreshed. (The relink's own update of prev_success_id fires
-- the update trigger again: it moves nothing, and refreshes the changes of the rows relinked.)
create function deployment_commit_links_inserted() returns trigger language plpgsql as
$$
declare
    v_scope text[]; v_repo text[]; v_env text[]; v_at timestamptz[]; v_ids bigint[];
begin
    select array_agg(n.scope), array_agg(n.repo_url), array_agg(n.environment_type), array_agg(n.finished_at),
           array_agg(n.id)
    into v_scope, v_repo, v_env, v_at, v_ids
    from new_rows n;
    -- (the rows inserted need no probe of their own: each got its link from the rows it saw; a row inserted later
    -- by the statement that changes that link is a place whose range covers it)
    if v_ids is not null then
        perform deployment_commit_relink_places(v_scope, v_repo, v_env, v_at, null);
    end if;
    -- an inserted row ships nothing yet (deployment_change refers to it only after it exists)
    return null;
end
$$;

create function deployment_commit_links_updated() returns trigger language plpgsql as
$$
declare
    v_scope text[]; v_repo text[]; v_env text[]; v_at timestamptz[]; v_ids bigint[]; v_refresh bigint[];
begin
    -- rows moved, re-resulted or re-finished: their old and their new places
    select array_agg(x.scope), array_agg(x.repo_url), array_agg(x.environment_type), array_agg(x.finished_at),
           array_agg(distinct n_id)
    into v_scope, v_repo, v_env, v_at, v_ids
    from (select o.scope as o_scope, o.repo_url as o_repo, o.environment_type as o_env, o.finished_at as o_at,
                 n.scope as n_scope, n.repo_url as n_repo, n.environment_type as n_env, n.finished_at as n_at,
                 n.id as n_id
          from old_rows o join new_rows n on n.id = o.id
          where (o.scope, o.repo_url, o.environment_type, o.result, o.finished_at)
                    is distinct from (n.scope, n.repo_url, n.environment_type, n.result, n.finished_at)) w
    cross join lateral (values (w.o_scope, w.o_repo, w.o_env, w.o_at), (w.n_scope, w.n_repo, w.n_env, w.n_at))
        x(scope, repo_url, environment_type, finished_at);
    if v_ids is not null then
        perform deployment_commit_relink_places(v_scope, v_repo, v_env, v_at, v_ids);
    end if;
    -- rows whose deployment facts (or previous successful row) changed: the changes they shipped
    select array_agg(n.id) into v_refresh
    from old_rows o join new_rows n on n.id = o.id
    where (o.scope, o.repo_url, o.environment_type, o.result, o.started_at, o.finished_at, o.prev_success_id)
              is distinct from
          (n.scope, n.repo_url, n.environment_type, n.result, n.started_at, n.finished_at, n.prev_success_id);
    if v_refresh is not null then
        perform scm_change_refresh_deployed_by_rows(v_refresh);
    end if;
    return null;
end
$$;

-- (a row deleted takes its deployment_change rows with it, whose trigger refreshes their changes)
create function deployment_commit_links_deleted() returns trigger language plpgsql as
$$
declare
    v_scope text[]; v_repo text[]; v_env text[]; v_at timestamptz[];
begin
    select array_agg(o.scope), array_agg(o.repo_url), array_agg(o.environment_type), array_agg(o.finished_at)
    into v_scope, v_repo, v_env, v_at
    from old_rows o;
    if v_at is not null then
        perform deployment_commit_relink_places(v_scope, v_repo, v_env, v_at, null);
    end if;
    return null;
end
$$;

create trigger deployment_commit_links_inserted
    after insert on deployment_commit referencing new table as new_rows
    for each statement execute function deployment_commit_links_inserted();
create trigger deployment_commit_links_updated
    after update on deployment_commit referencing old table as old_rows new table as new_rows
    for each statement execute function deployment_commit_links_updated();
create trigger deployment_commit_links_deleted
    after delete on deployment_commit referencing old table as old_rows
    for each statement execute function deployment_commit_links_deleted();

-- deployment_change, after each statement: the changes whose shipped commits were added, removed or moved
create function deployment_change_refresh_inserted() returns trigger language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_all(array(select n.sha from new_rows n));
    return null;
end
$$;

create function deployment_change_refresh_deleted() returns trigger language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_all(array(select o.sha from old_rows o));
    return null;
end
$$;

-- (an update of the rule alone, as an upsert of a shipped commit does, refreshes nothing)
create function deployment_change_refresh_updated() returns trigger language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_all(array(
        select d.sha from ((select n.deployment_commit_id, n.sha from new_rows n
                            except all
                            select o.deployment_commit_id, o.sha from old_rows o)
                           union all
                           (select o.deployment_commit_id, o.sha from old_rows o
                            except all
                            select n.deployment_commit_id, n.sha from new_rows n)) d));
    return null;
end
$$;

create trigger deployment_change_refresh_inserted
    after insert on deployment_change referencing new table as new_rows
    for each statement execute function deployment_change_refresh_inserted();
create trigger deployment_change_refresh_deleted
    after delete on deployment_change referencing old table as old_rows
    for each statement execute function deployment_change_refresh_deleted();
create trigger deployment_change_refresh_updated
    after update on deployment_change referencing old table as old_rows new table as new_rows
    for each statement execute function deployment_change_refresh_updated();
