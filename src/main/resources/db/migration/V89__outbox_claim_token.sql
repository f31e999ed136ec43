-- Fencing for the outbox lease. Each claim of a command gives it a new claim token (the row's claim_token, one
-- higher than at the previous claim), and every settle of the command (done, failed, held back, dead) is an update
-- conditional on the token it was claimed with. A claimer that outlived its lease (claim-timeout), whose command was
-- given back and claimed again by another, has an older token: its settle changes no row and the newer claim's
-- outcome stays. remote_id / remote_key record what the accepted settle says the remote made (an issue's id and
-- key, a comment's id), so a command's row points at the one record it produced.
-- Adding columns with a constant default rewrites no rows.
alter table outbox add column claim_token bigint not null default 0;
alter table outbox add column remote_id text;
alter table outbox add column remote_key text;

-- outbox_claim of V88 with the token raised at each claim. The plan is unchanged: the same ordered walk of
-- outbox_claimable_idx, stopping at the batch size, with bitmap scans and sorts off for the function's statements.
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
                and earlier.status in ('PENDING', 'IN_FLIGHT', 'FAILED'))
        order by o.next_attempt_at, o.id
        limit batch_size
        for update skip locked)
    returning *
$$;
