-- Commits pushed to a branch, in the order the pushes arrived (seq): a deployment whose event does not list its
-- commits ships those pushed to its ref since the previous successful deployment of the same repository and
-- environment (docs/metrics.md, "Ingest of changes and deployments"). A commit pushed to a branch twice (a force
-- push that brings it back) keeps its first push.
create table scm_pushed_commit (
    seq       bigserial primary key,
    repo_url  text not null,
    ref       text not null,
    sha       text not null,
    head_sha  text not null, -- the branch head after the push that brought this commit
    pushed_at timestamptz,
    constraint scm_pushed_commit_uq unique (repo_url, ref, sha)
);
create index scm_pushed_commit_head_idx on scm_pushed_commit (repo_url, ref, head_sha, seq);
