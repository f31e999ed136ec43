-- Each deployment commit row keeps its previous successful row of the same (scope, repo, environment), as
-- DevLake's enricher stores prev_success_deployment_commit_id: the SUCCESS row of the group with the latest
-- finished_at strictly before this row's (ties: the highest id). Null without one, or when the row has no finish
-- or no environment type. The devlake profile leaves a row without it (the first deployment of its group) out
-- of lead time. Triggers keep it exact on every write, whichever path writes: a row's own link is set when it
-- is written, and a row written, moved, re-resulted or deleted relinks the rows that follow it in its old and
-- new group up to the next successful row (a late, out-of-order deployment becomes the next one's previous).

alter table deployment_commit add column prev_success_id bigint;

create index deployment_commit_success_idx on deployment_commit (scope, repo_url, environment_type, finished_at, id)
    where result = 'SUCCESS';
create index deployment_commit_prev_success_idx on deployment_commit (prev_success_id)
    where prev_success_id is not null;

create function deployment_commit_prev_success(p_self bigint, p_scope text, p_repo text, p_env text,
                                               p_finished timestamptz)
    returns bigint language plpgsql stable as
$$
declare
    found bigint;
begin
    if p_env is null or p_finished is null or p_repo is null then
        return null;
    end if;
    if p_scope is null then
        select p.id into found from deployment_commit p
        where p.scope is null and p.repo_url = p_repo and p.environment_type = p_env and p.result = 'SUCCESS'
          and p.finished_at < p_finished and p.id <> coalesce(p_self, 0)
        order by p.finished_at desc, p.id desc limit 1;
    else
        select p.id into found from deployment_commit p
        where p.scope = p_scope and p.repo_url = p_repo and p.environment_type = p_env and p.result = 'SUCCESS'
          and p.finished_at < p_finished and p.id <> coalesce(p_self, 0)
        order by p.finished_at desc, p.id desc limit 1;
    end if;
    return found;
end
$$;

-- Relinks the rows of a group finished after p_after, up to and including the next successful row's finish
-- (rows after that one keep a previous row finished at or after it, which p_after cannot change).
create function deployment_commit_relink(p_scope text, p_repo text, p_env text, p_after timestamptz)
    returns void language plpgsql as
$$
declare
    next_success timestamptz;
begin
    if p_env is null or p_after is null or p_repo is null then
        return;
    end if;
    if p_scope is null then
        select min(p.finished_at) into next_success from deployment_commit p
        where p.scope is null and p.repo_url = p_repo and p.environment_type = p_env and p.result = 'SUCCESS'
          and p.finished_at > p_after;
        update deployment_commit dc
        set prev_success_id = deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at)
        where dc.scope is null and dc.repo_url = p_repo and dc.environment_type = p_env
          and dc.finished_at > p_after and dc.finished_at <= coalesce(next_success, 'infinity')
          and dc.prev_success_id is distinct from
              deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at);
    else
        select min(p.finished_at) into next_success from deployment_commit p
        where p.scope = p_scope and p.repo_url = p_repo and p.environment_type = p_env and p.result = 'SUCCESS'
          and p.finished_at > p_after;
        update deployment_commit dc
        set prev_success_id = deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at)
        where dc.scope = p_scope and dc.repo_url = p_repo and dc.environment_type = p_env
          and dc.finished_at > p_after and dc.finished_at <= coalesce(next_success, 'infinity')
          and dc.prev_success_id is distinct from
              deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at);
    end if;
end
$$;

create function deployment_commit_link_own() returns trigger language plpgsql as
$$
begin
    new.prev_success_id := deployment_commit_prev_success(new.id, new.scope, new.repo_url, new.environment_type,
                                                          new.finished_at);
    return new;
end
$$;

-- Relinks every row of a group finished at or after p_from in one window pass (a bulk write): each row's previous
-- is the successful row with the latest finish strictly before its own (ties: the highest id), from the rows of
-- the range, or else the group's last successful row before p_from. Linear in the range, hash joins only.
create function deployment_commit_relink_range(p_scope text, p_repo text, p_env text, p_from timestamptz)
    returns void language plpgsql set enable_nestloop = off set enable_seqscan = on as
$$
declare
    seed bigint;
begin
    if p_env is null or p_from is null or p_repo is null then
        return;
    end if;
    seed := deployment_commit_prev_success(null, p_scope, p_repo, p_env, p_from);
    with r as materialized (
             select dc.id, dc.finished_at, dc.result, dc.prev_success_id from deployment_commit dc
             where dc.scope is not distinct from p_scope and dc.repo_url = p_repo and dc.environment_type = p_env
               and dc.finished_at >= p_from),
         w as (select r.id, r.prev_success_id,
                      max(case when r.result = 'SUCCESS' then r.finished_at end)
                          over (order by r.finished_at range between unbounded preceding and interval '1 microsecond' preceding)
                          as prev_at
               from r),
         l as (select r.finished_at, max(r.id) as id from r where r.result = 'SUCCESS' group by r.finished_at),
         n as (select w.id, w.prev_success_id, coalesce(l.id, seed) as prev
               from w left join l on l.finished_at = w.prev_at)
    update deployment_commit dc
    set prev_success_id = n.prev
    from n
    where dc.id = n.id and n.prev_success_id is distinct from n.prev;
end
$$;

-- The rows written by one statement relink what follows them, once the statement is done: up to 1,000 rows each
-- relinks its range (index probes); more, each group touched is relinked from its earliest row written in one
-- window pass (per-row relinking planned against a table believed empty was quadratic in a bulk write).
create function deployment_commit_relink_written(p_written jsonb) returns void language plpgsql as
$$
declare
    g record;
begin
    if jsonb_array_length(p_written) <= 1000 then
        for g in select distinct w->>'scope' as scope, w->>'repo_url' as repo_url,
                                 w->>'environment_type' as environment_type,
                                 (w->>'finished_at')::timestamptz as finished_at
                 from jsonb_array_elements(p_written) w loop
            perform deployment_commit_relink(g.scope, g.repo_url, g.environment_type, g.finished_at);
        end loop;
    else
        for g in select w->>'scope' as scope, w->>'repo_url' as repo_url, w->>'environment_type' as environment_type,
                        min((w->>'finished_at')::timestamptz) as finished_at
                 from jsonb_array_elements(p_written) w group by 1, 2, 3 loop
            perform deployment_commit_relink_range(g.scope, g.repo_url, g.environment_type, g.finished_at);
        end loop;
    end if;
end
$$;

create function deployment_commit_link_inserted() returns trigger language plpgsql as
$$
begin
    perform deployment_commit_relink_written(coalesce((
        select jsonb_agg(jsonb_build_object('scope', n.scope, 'repo_url', n.repo_url,
                                            'environment_type', n.environment_type, 'finished_at', n.finished_at))
        from new_rows n where n.environment_type is not null and n.finished_at is not null), '[]'));
    return null;
end
$$;

create function deployment_commit_link_deleted() returns trigger language plpgsql as
$$
begin
    perform deployment_commit_relink_written(coalesce((
        select jsonb_agg(jsonb_build_object('scope', o.scope, 'repo_url', o.repo_url,
                                            'environment_type', o.environment_type, 'finished_at', o.finished_at))
        from old_rows o where o.environment_type is not null and o.finished_at is not null), '[]'));
    return null;
end
$$;

-- (also fired by the relink's own updates of prev_success_id, which move nothing and stop here)
create function deployment_commit_link_updated() returns trigger language plpgsql as
$$
begin
    perform deployment_commit_relink_written(coalesce((
        select jsonb_agg(w) from (
            select jsonb_build_object('scope', x.scope, 'repo_url', x.repo_url,
                                      'environment_type', x.environment_type, 'finished_at', x.finished_at) as w
            from old_rows o join new_rows n on n.id = o.id
            cross join lateral (values (o.scope, o.repo_url, o.environment_type, o.finished_at),
                                       (n.scope, n.repo_url, n.environment_type, n.finished_at))
                x(scope, repo_url, environment_type, finished_at)
            where (o.scope, o.repo_url, o.environment_type, o.result, o.finished_at)
                      is distinct from (n.scope, n.repo_url, n.environment_type, n.result, n.finished_at)
              and x.environment_type is not null and x.finished_at is not null) t), '[]'));
    return null;
end
$$;

-- the link's own update (prev_success_id only) does not fire the row trigger
create trigger deployment_commit_link_own
    before insert or update of scope, repo_url, environment_type, result, finished_at on deployment_commit
    for each row execute function deployment_commit_link_own();
create trigger deployment_commit_link_inserted
    after insert on deployment_commit referencing new table as new_rows
    for each statement execute function deployment_commit_link_inserted();
create trigger deployment_commit_link_updated
    after update on deployment_commit referencing old table as old_rows new table as new_rows
    for each statement execute function deployment_commit_link_updated();
create trigger deployment_commit_link_deleted
    after delete on deployment_commit referencing old table as old_rows
    for each statement execute function deployment_commit_link_deleted();

update deployment_commit dc
set prev_success_id = deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at)
where dc.finished_at is not null and dc.environment_type is not null;

-- The look-ups are index probes. Planned while a bulk write fills the table (statistics still say it is empty),
-- they could become sequential scans repeated per row; these functions never want one.
alter function deployment_commit_prev_success(bigint, text, text, text, timestamptz) set enable_seqscan = off;
alter function deployment_commit_relink(text, text, text, timestamptz) set enable_seqscan = off;
