-- Each change (scm_change row without pull_request_id) keeps the production deployment that first shipped it, so
-- that lead time for a window is a range scan over the changes deployed in it rather than a search through every
-- deployment of every change. Kept exact by triggers on every write of scm_change, deployment_change and
-- deployment_commit, whichever path writes. Over the deployment commit rows that shipped the change's ship_sha
-- and are PRODUCTION, SUCCESS and finished:
--   deployed_*         the first by (finished_at, id): the default profile's deployment of the change;
--   devlake_deployed_* the first by (started_at, id) among those with a repository and a previous successful row
--                      (DevLake ignores the first deployment of each scope/repo/environment);
--   deployed_scopes    how many distinct scopes (null counting as one) those rows belong to. A change deployed in
--                      one scope is in a filter exactly when that scope is; the few deployed in several scopes are
--                      computed from the rows themselves under a project or team filter.

alter table scm_change add column deployed_at timestamptz;
alter table scm_change add column deployed_deployment_id text;
alter table scm_change add column deployed_scope text;
alter table scm_change add column deployed_scopes int;
alter table scm_change add column devlake_deployed_at timestamptz;
alter table scm_change add column devlake_deployment_id text;
alter table scm_change add column devlake_deployed_scope text;

-- (plpgsql rather than sql: their plans are kept for the session, which matters for bulk writes)
create function scm_change_deployments(p_sha text)
    returns table (deployed_at timestamptz, deployed_deployment_id text, deployed_scope text, deployed_scopes int,
                   devlake_deployed_at timestamptz, devlake_deployment_id text, devlake_deployed_scope text)
    language plpgsql stable as
$$
begin
    return query
    with r as materialized (
        select dc.id, dc.deployment_id, dc.scope, dc.repo_url, dc.started_at, dc.finished_at, dc.prev_success_id
        from deployment_change x
        join deployment_commit dc on dc.id = x.deployment_commit_id
        where x.sha = p_sha and dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS'
          and dc.finished_at is not null)
    select d.finished_at, d.deployment_id, d.scope,
           case when d.id is null then null else (select count(*) from (select distinct r.scope from r) s)::int end,
           l.finished_at, l.deployment_id, l.scope
    from (select 1) one
    left join lateral (select * from r order by r.finished_at, r.id limit 1) d on true
    left join lateral (select * from r where r.repo_url <> '' and r.prev_success_id is not null
                       order by r.started_at, r.id limit 1) l on true;
end
$$;

-- Refreshes the changes whose ship_sha is one of p_shas, in one set-based statement (bulk writes refresh once
-- per statement, not once per row).
create function scm_change_refresh_deployed_all(p_shas text[]) returns void language plpgsql as
$$
begin
    -- One pipeline, whatever the planner believes about sizes: each sha's shipped rows are index probes (left
    -- joins keep a sha without any), aggregated per sha (first by finish, first DevLake row by start, scopes),
    -- and each sha's changes are an index probe. No CTE is joined to another (a join of two CTEs planned as a
    -- nested loop rescans one per row of the other: quadratic in a bulk write).
    with s as (select distinct u.sha from unnest(p_shas) u(sha) where u.sha is not null),
         f as (
             select s.sha,
                    (array_agg(dc.finished_at order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_at,
                    (array_agg(dc.deployment_id order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_deployment_id,
                    (array_agg(dc.scope order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_scope,
                    case when count(dc.id) = 0 then null
                         else (count(distinct dc.scope) filter (where dc.id is not null)
                               + max(case when dc.id is not null and dc.scope is null then 1 else 0 end))::int
                    end as deployed_scopes,
                    (array_agg(dc.finished_at order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployed_at,
                    (array_agg(dc.deployment_id order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployment_id,
                    (array_agg(dc.scope order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployed_scope
             from s
             left join deployment_change x on x.sha = s.sha
             left join deployment_commit dc on dc.id = x.deployment_commit_id and dc.environment_type = 'PRODUCTION'
                  and dc.result = 'SUCCESS' and dc.finished_at is not null
             group by s.sha)
    update scm_change c
    set deployed_at = f.deployed_at, deployed_deployment_id = f.deployed_deployment_id,
        deployed_scope = f.deployed_scope, deployed_scopes = f.deployed_scopes,
        devlake_deployed_at = f.devlake_deployed_at, devlake_deployment_id = f.devlake_deployment_id,
        devlake_deployed_scope = f.devlake_deployed_scope
    from f
    where c.ship_sha = f.sha and c.pull_request_id is null
      and (c.deployed_at, c.deployed_deployment_id, c.deployed_scope, c.deployed_scopes, c.devlake_deployed_at,
           c.devlake_deployment_id, c.devlake_deployed_scope)
          is distinct from
          (f.deployed_at, f.deployed_deployment_id, f.deployed_scope, f.deployed_scopes, f.devlake_deployed_at,
           f.devlake_deployment_id, f.devlake_deployed_scope);
end
$$;

-- The same refresh for a bulk write (many shas): hash joins only. Planned while the statistics still say the
-- tables written in this transaction are empty, the probes above could become a nested loop rescanning a whole
-- table per sha (the seqscan penalty counts once, not per rescan): quadratic. Hashing is linear in the rows.
create function scm_change_refresh_deployed_bulk(p_shas text[]) returns void language plpgsql
    set enable_nestloop = off set enable_seqscan = on as
$$
begin
    -- (the same statement as scm_change_refresh_deployed_all)
    with s as (select distinct u.sha from unnest(p_shas) u(sha) where u.sha is not null),
         f as (
             select s.sha,
                    (array_agg(dc.finished_at order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_at,
                    (array_agg(dc.deployment_id order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_deployment_id,
                    (array_agg(dc.scope order by dc.finished_at, dc.id) filter (where dc.id is not null))[1]
                        as deployed_scope,
                    case when count(dc.id) = 0 then null
                         else (count(distinct dc.scope) filter (where dc.id is not null)
                               + max(case when dc.id is not null and dc.scope is null then 1 else 0 end))::int
                    end as deployed_scopes,
                    (array_agg(dc.finished_at order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployed_at,
                    (array_agg(dc.deployment_id order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployment_id,
                    (array_agg(dc.scope order by dc.started_at, dc.id)
                        filter (where dc.id is not null and dc.repo_url <> '' and dc.prev_success_id is not null))[1]
                        as devlake_deployed_scope
             from s
             left join deployment_change x on x.sha = s.sha
             left join deployment_commit dc on dc.id = x.deployment_commit_id and dc.environment_type = 'PRODUCTION'
                  and dc.result = 'SUCCESS' and dc.finished_at is not null
             group by s.sha)
    update scm_change c
    set deployed_at = f.deployed_at, deployed_deployment_id = f.deployed_deployment_id,
        deployed_scope = f.deployed_scope, deployed_scopes = f.deployed_scopes,
        devlake_deployed_at = f.devlake_deployed_at, devlake_deployment_id = f.devlake_deployment_id,
        devlake_deployed_scope = f.devlake_deployed_scope
    from f
    where c.ship_sha = f.sha and c.pull_request_id is null
      and (c.deployed_at, c.deployed_deployment_id, c.deployed_scope, c.deployed_scopes, c.devlake_deployed_at,
           c.devlake_deployment_id, c.devlake_deployed_scope)
          is distinct from
          (f.deployed_at, f.deployed_deployment_id, f.deployed_scope, f.deployed_scopes, f.devlake_deployed_at,
           f.devlake_deployment_id, f.devlake_deployed_scope);
end
$$;

create function scm_change_refresh_deployed_any(p_shas text[]) returns void language plpgsql as
$$
begin
    if cardinality(p_shas) > 1000 then
        perform scm_change_refresh_deployed_bulk(p_shas);
    else
        perform scm_change_refresh_deployed_all(p_shas);
    end if;
end
$$;

create function scm_change_refresh_deployed(p_sha text) returns void language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_all(array[p_sha]);
end
$$;

-- a change written (or given another commit, merge commit or pull request): its own columns
create function scm_change_deployed_own() returns trigger language plpgsql as
$$
declare
    f record;
begin
    if new.pull_request_id is not null
        or not exists (select 1 from deployment_change x
                       where x.sha = coalesce(new.merge_commit_sha, new.sha, new.id)) then
        new.deployed_at := null; new.deployed_deployment_id := null; new.deployed_scope := null;
        new.deployed_scopes := null; new.devlake_deployed_at := null; new.devlake_deployment_id := null;
        new.devlake_deployed_scope := null;
        return new;
    end if;
    -- ship_sha is generated after BEFORE triggers run: the same expression
    select * into f from scm_change_deployments(coalesce(new.merge_commit_sha, new.sha, new.id));
    new.deployed_at := f.deployed_at; new.deployed_deployment_id := f.deployed_deployment_id;
    new.deployed_scope := f.deployed_scope; new.deployed_scopes := f.deployed_scopes;
    new.devlake_deployed_at := f.devlake_deployed_at; new.devlake_deployment_id := f.devlake_deployment_id;
    new.devlake_deployed_scope := f.devlake_deployed_scope;
    return new;
end
$$;

-- The look-ups are index probes. Planned while a bulk write fills deployment_change (statistics still say it is
-- empty), they could become sequential scans repeated per row or per sha (a nested loop over a table believed
-- empty); these functions never want one.
alter function scm_change_deployments(text) set enable_seqscan = off;
alter function scm_change_refresh_deployed_all(text[]) set enable_seqscan = off;
alter function scm_change_deployed_own() set enable_seqscan = off;

create trigger scm_change_deployed_own
    before insert or update of id, sha, merge_commit_sha, pull_request_id on scm_change
    for each row execute function scm_change_deployed_own();

-- shipped commits added or removed: the changes that ship them, once per statement; moved (rare): per row
create function deployment_change_refresh_inserted() returns trigger language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_any(array(select distinct n.sha from new_rows n));
    return null;
end
$$;

create function deployment_change_refresh_deleted() returns trigger language plpgsql as
$$
begin
    perform scm_change_refresh_deployed_any(array(select distinct o.sha from old_rows o));
    return null;
end
$$;

create function deployment_change_refresh_moved() returns trigger language plpgsql as
$$
begin
    if new.sha is distinct from old.sha or new.deployment_commit_id is distinct from old.deployment_commit_id then
        perform scm_change_refresh_deployed_all(array[old.sha, new.sha]);
    end if;
    return null;
end
$$;

create trigger deployment_change_refresh_inserted
    after insert on deployment_change referencing new table as new_rows
    for each statement execute function deployment_change_refresh_inserted();
create trigger deployment_change_refresh_deleted
    after delete on deployment_change referencing old table as old_rows
    for each statement execute function deployment_change_refresh_deleted();
create trigger deployment_change_refresh_moved
    after update of sha, deployment_commit_id on deployment_change
    for each row execute function deployment_change_refresh_moved();

-- a deployment commit row whose result, environment, times, scope, repository or previous successful row changed
-- (a row deleted takes its deployment_change rows with it, whose trigger refreshes their changes)
create function deployment_commit_refresh_deployed() returns trigger language plpgsql as
$$
begin
    if (old.scope, old.repo_url, old.environment_type, old.result, old.started_at, old.finished_at,
        old.prev_success_id)
        is not distinct from
       (new.scope, new.repo_url, new.environment_type, new.result, new.started_at, new.finished_at,
        new.prev_success_id) then
        return null;
    end if;
    perform scm_change_refresh_deployed_all(
        array(select x.sha from deployment_change x where x.deployment_commit_id = new.id));
    return null;
end
$$;

create trigger deployment_commit_refresh_deployed
    after update of scope, repo_url, environment_type, result, started_at, finished_at, prev_success_id
    on deployment_commit
    for each row execute function deployment_commit_refresh_deployed();

update scm_change c
set deployed_at = f.deployed_at, deployed_deployment_id = f.deployed_deployment_id,
    deployed_scope = f.deployed_scope, deployed_scopes = f.deployed_scopes,
    devlake_deployed_at = f.devlake_deployed_at, devlake_deployment_id = f.devlake_deployment_id,
    devlake_deployed_scope = f.devlake_deployed_scope
from deployment_change x
cross join lateral scm_change_deployments(x.sha) f
where c.pull_request_id is null and x.sha = c.ship_sha and f.deployed_at is not null;

-- lead time for a window: the changes first deployed in it
create index scm_change_deployed_idx on scm_change (deployed_at)
    include (deployed_scope, deployed_scopes, deployed_deployment_id, authored_at, committed_at, pr_created_at,
             merged_at)
    where pull_request_id is null and deployed_at is not null;
create index scm_change_devlake_deployed_idx on scm_change (devlake_deployed_at)
    include (deployed_scopes, devlake_deployed_scope, devlake_deployment_id, authored_at, pr_created_at, merged_at)
    where pull_request_id is null and kind = 'PULL_REQUEST' and merged_at is not null
      and devlake_deployed_at is not null;
create index scm_change_deployed_scopes_idx on scm_change (ship_sha)
    where pull_request_id is null and deployed_scopes > 1;
