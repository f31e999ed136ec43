-- outbox_claim of V89 with the check for an earlier open command of the same work item kept as a probe per
-- candidate. Planned as an anti-join, the check depended on the statistics too: taken when no command was open (the
-- table between two bursts), they put about one row in outbox_open_by_aggregate_idx, and the planner then read the
-- whole index for every candidate and filtered by work item afterwards. With a burst of 6,000 commands that was
-- 150-280 ms and 40,000-100,000 buffer reads per claim (against 0.3 ms), and the dispatcher fell from about 2,800 to
-- 700 commands/s until the next analyze. OFFSET 0 keeps the subquery from being turned into a join: it stays a
-- subplan run per candidate, whose index condition is the candidate's work item and id whatever the statistics say.
create or replace function outbox_claim(batch_size integer) returns setof outbox
    language sql
    set enable_bitmapscan = off
    set enable_sort = off
as $$
    update outbox set status = 'IN_FLIGHT', attempts = attempts + 1, claimed_at = now(),
                      claim_token = claim_token + 1
    where id in (
        select o.id from outbox o
        where o.status in ('PENDING', 'FAILED') and o.next_attempt_at <= now()
          and not exists (
              select 1 from outbox earlier
              where earlier.aggregate_id = o.aggregate_id and earlier.id < o.id
                and earlier.status in ('PENDING', 'IN_FLIGHT', 'FAILED')
              offset 0)
        order by o.next_attempt_at, o.id
        limit batch_size
        for update skip locked)
    returning *
$$;
