-- Tables the DORA, flow and value-stream-stage metrics read. Filled by POST /api/import and by the
-- inbound pipeline (deployment, SCM, Jira and ServiceNow events). docs/metrics.md describes each column.

-- A project groups scopes: a CI/CD scope, a repository URL, a Jira board or team, a ServiceNow service or
-- assignment group. A scope may belong to several projects.
create table metric_scope (
    project text not null,
    scope   text not null,
    primary key (project, scope)
);
create index metric_scope_scope_idx on metric_scope (scope, project);

-- Deployments stay in the existing table. status is the result (SUCCESS, FAILURE, CANCELLED, ...),
-- environment_type PRODUCTION marks what DORA counts. New: the CI/CD scope, and the ServiceNow change
-- request number so that a closed change request and the pipeline run of the same change are one deployment.
alter table deployment add column scope text;
alter table deployment add column change_number text;
create index deployment_scope_finished_idx on deployment (scope, finished_at);
create index deployment_change_number_idx on deployment (change_number) where change_number is not null;
create index deployment_prod_finished_idx on deployment (finished_at) include (id, scope, status)
    where environment_type = 'PRODUCTION';

-- One row per (deployment, repository, commit) as DevLake's cicd_deployment_commits: the commit a deployment
-- put in production for one repository, with that row's own times and result (defaulting to the deployment's).
create table deployment_commit (
    id               bigserial primary key,
    deployment_id    text not null references deployment (id) on delete cascade,
    scope            text,
    repo_url         text not null default '',
    sha              text not null,
    environment_type text,
    result           text not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    constraint deployment_commit_uq unique (deployment_id, repo_url, sha)
);
create index deployment_commit_deployment_idx on deployment_commit (deployment_id);
create index deployment_commit_prod_finished_idx on deployment_commit (finished_at)
    include (deployment_id, scope, repo_url, sha, result) where environment_type = 'PRODUCTION';
create index deployment_commit_group_idx on deployment_commit (scope, repo_url, environment_type, finished_at);

-- The commits a deployment commit row shipped (DevLake's commits_diffs, keyed by the row): listed in the
-- deployment event, pushed to its ref since the previous successful deployment of the same repo and
-- environment, or named by an import. sha is matched against scm_change.ship_sha.
create table deployment_change (
    deployment_commit_id bigint not null references deployment_commit (id) on delete cascade,
    sha                  text   not null,
    rule                 text   not null default 'LISTED'
        check (rule in ('LISTED', 'PUSHED_SINCE_PREVIOUS', 'COMMIT_DIFF', 'IMPORT')),
    primary key (deployment_commit_id, sha)
);
create index deployment_change_sha_idx on deployment_change (sha, deployment_commit_id);

-- A change: a pull / merge request, or a commit pushed outside one. A commit that belongs to a pull request
-- names it in pull_request_id and is not counted as a change of its own. authored_at of a pull request is the
-- authored time of its first commit.
create table scm_change (
    id              text primary key,
    kind            text not null default 'COMMIT' check (kind in ('COMMIT', 'PULL_REQUEST')),
    source_system   text,
    repo_url        text,
    sha             text,
    pull_request_id text,
    authored_at     timestamptz,
    committed_at    timestamptz,
    message         text,
    issue_keys      text[] not null default '{}',
    pr_created_at   timestamptz,
    first_review_at timestamptz,
    merged_at       timestamptz,
    merge_commit_sha text,
    -- the commit a deployment ships for this change: the merge commit of a pull request, else the commit itself
    -- (else the change id, for imported changes that name no commit)
    ship_sha        text generated always as (coalesce(merge_commit_sha, sha, id)) stored,
    payload         jsonb not null default '{}',
    stored_at       timestamptz not null default now()
);
create index scm_change_ship_sha_idx on scm_change (ship_sha) where pull_request_id is null;
create index scm_change_repo_sha_idx on scm_change (repo_url, sha);
create index scm_change_issue_keys_idx on scm_change using gin (issue_keys);

-- Incidents are work_item rows of kind INCIDENT (ServiceNow, Jira, or source_system IMPORT for imported ones,
-- source_key = the imported id). scope ties any work item to metric_scope; when null, team is used.
alter table work_item add column scope text;
create index work_item_kind_created_idx on work_item (kind, created_at) include (id, resolved_at, severity);
create index work_item_kind_resolved_idx on work_item (kind, resolved_at) include (id, created_at, severity);

-- What caused an incident: a deployment, or a change named by its change request number, commit sha or issue
-- key (ServiceNow caused_by / rfc, Jira "is caused by" links, imports). An incident without a row here is
-- attributed by the profile's rule (docs/metrics.md).
create table incident_cause (
    incident_id   text primary key,
    deployment_id text,
    change_ref    text,
    problem_ref   text,
    source        text not null check (source in ('IMPORT', 'SERVICENOW_CAUSED_BY', 'SERVICENOW_RFC', 'JIRA_LINK')),
    recorded_at   timestamptz not null default now()
);
create index incident_cause_deployment_idx on incident_cause (deployment_id);
create index incident_cause_change_ref_idx on incident_cause (change_ref) where change_ref is not null;

-- Value-stream stage of each source status, from the optional stage keys of mappings/jira.yaml; rebuilt when
-- the mappings load. A status without a row falls back to its canonical status (active or waiting).
create table status_stage (
    source_system text    not null,
    source_status text    not null, -- lower case
    value_stream  text,
    stage         text,
    active        boolean not null,
    primary key (source_system, source_status)
);

-- Kept aggregates, refreshed incrementally from status_change by the metrics-refresh route: one row per stay
-- of an item in a status, and one row per item with its flow times.
create table status_span (
    work_item_id  text        not null,
    entered_at    timestamptz not null,
    left_at       timestamptz,
    status        text,
    source_status text,
    scope         text,
    value_stream  text,
    stage         text,
    active        boolean not null default false,
    primary key (work_item_id, entered_at)
);
create index status_span_entered_idx on status_span (entered_at) include (left_at, scope, stage, value_stream, active);

create table work_item_flow (
    work_item_id    text primary key,
    kind            text,
    flow_type       text,
    scope           text,
    created_at      timestamptz,
    started_at      timestamptz, -- first entry into an IN_PROGRESS-category status
    done_at         timestamptz, -- resolution, when done
    active_seconds  bigint not null default 0,
    waiting_seconds bigint not null default 0
);
create index work_item_flow_done_idx on work_item_flow (done_at) include (flow_type, scope, created_at, started_at);
create index work_item_flow_created_idx on work_item_flow (created_at) include (done_at, flow_type, scope);
