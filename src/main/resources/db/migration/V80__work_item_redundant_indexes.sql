-- Every stored work item updates each index of work_item; three of them serve no read that another index does not.
-- work_item_team_idx (team) and work_item_kind_idx (kind) are the leading column of work_item_team_updated_idx and of
-- work_item_kind_updated_idx / _created_idx / _resolved_idx: a lookup by team or by kind (findByTeam, findByKind, the
-- SLA sweep's stories) scans those instead, as EXPLAIN shows on 150,000 items. No query filters on status_category by
-- equality (gates and sprints ask "is distinct from 'DONE'", which work_item_open_idx or another column answers), so
-- work_item_status_category_idx is never read. work_item_resolved_at_idx stays: the DORA restore-time read
-- (kind = 'INCIDENT' and resolved_at in a window) is planned on it.
drop index if exists work_item_team_idx;
drop index if exists work_item_kind_idx;
drop index if exists work_item_status_category_idx;
