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

create function deployment_commit_link_following() returns trigger language plpgsql as
$$
begin
    if tg_op = 'UPDATE' and (old.scope, old.repo_url, old.environment_type, old.result, old.finished_at)
        is not distinct from (new.scope, new.repo_url, new.environment_type, new.result, new.finished_at) then
        return null;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        perform deployment_commit_relink(old.scope, old.repo_url, old.environment_type, old.finished_at);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform deployment_commit_relink(new.scope, new.repo_url, new.environment_type, new.finished_at);
    end if;
    return null;
end
$$;

-- the link's own update (prev_success_id only) fires neither trigger
create trigger deployment_commit_link_own
    before insert or update of scope, repo_url, environment_type, result, finished_at on deployment_commit
    for each row execute function deployment_commit_link_own();
create trigger deployment_commit_link_following
    after insert or update of scope, repo_url, environment_type, result, finished_at or delete on deployment_commit
    for each row execute function deployment_commit_link_following();

update deployment_commit dc
set prev_success_id = deployment_commit_prev_success(dc.id, dc.scope, dc.repo_url, dc.environment_type, dc.finished_at)
where dc.finished_at is not null and dc.environment_type is not null;

-- The look-ups are index probes. Planned while a bulk write fills the table (statistics still say it is empty),
-- they could become sequential scans repeated per row; these functions never want one.
alter function deployment_commit_prev_success(bigint, text, text, text, timestamptz) set enable_seqscan = off;
alter function deployment_commit_relink(text, text, text, timestamptz) set enable_seqscan = off;
