-- DevLake's computeTimeSpan: whole minutes from a to b rounded up; null when either is missing or the span is
-- negative. Used by the devlake profile's per-change lead time.
create function metrics_span_minutes(a timestamptz, b timestamptz) returns bigint
    language sql immutable parallel safe as
$$
select case
           when a is null or b is null then null
           when ceil(extract(epoch from (b - a)) / 60) < 0 then null
           else ceil(extract(epoch from (b - a)) / 60)::bigint
           end
$$;
