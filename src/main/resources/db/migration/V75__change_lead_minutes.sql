-- Each change keeps its lead time beside the first production deployment that shipped it (V64), for both profiles,
-- so that the lead time of a window reads one index entry per change instead of computing three spans per change:
--   lead_minutes          default: first deployment's finish minus the first of authored, committed, pull request
--                         created, merged; minutes, as PostgreSQL computes it (numeric, then double precision);
--   devlake_lead_minutes  devlake: coding + pickup/review + deploy spans, whole minutes rounded up each (V21, V71),
--                         to the DevLake deployment of the change.
-- Stored generated columns: PostgreSQL recomputes them on every write of the row, the updates of deployed_at and
-- devlake_deployed_at by the V64/V70 statement-level triggers included, so no trigger changes and no write path can
-- leave them stale. (If metrics_span_minutes is ever replaced, rewrite the column: stored values do not follow it.)
alter table scm_change
    add column lead_minutes double precision generated always as
        (extract(epoch from (deployed_at - coalesce(authored_at, committed_at, pr_created_at, merged_at))) / 60.0)
        stored,
    add column devlake_lead_minutes double precision generated always as
        (cast(coalesce(metrics_span_minutes(authored_at, pr_created_at), 0)
              + coalesce(metrics_span_minutes(pr_created_at, merged_at), 0)
              + coalesce(metrics_span_minutes(merged_at, devlake_deployed_at), 0) as double precision))
        stored;

-- The lead time pass of a window: an index-only scan of the changes deployed in it (id for the items behind the
-- figure, the kept minutes, and what a project or team filter reads). Replaces the V64 indexes, which lacked the id.
drop index scm_change_deployed_idx;
drop index scm_change_devlake_deployed_idx;
create index scm_change_deployed_idx on scm_change (deployed_at, id)
    include (lead_minutes, deployed_scope, deployed_scopes, deployed_deployment_id)
    where pull_request_id is null and deployed_at is not null;
create index scm_change_devlake_deployed_idx on scm_change (devlake_deployed_at, id)
    include (devlake_lead_minutes, deployed_scopes, devlake_deployed_scope, devlake_deployment_id)
    where pull_request_id is null and kind = 'PULL_REQUEST' and merged_at is not null
      and devlake_deployed_at is not null;
