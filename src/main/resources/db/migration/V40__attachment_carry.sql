-- Attachments carried between the two sides of a pair: each file once, by its origin id; the copy's own id, so that
-- the copy is not carried back when it shows up on the other side; the checksum of the bytes sent.
create table attachment_carry (
    origin_id      text primary key,
    pair_id        text        not null,
    target_system  text        not null,
    file_name      text        not null,
    size_bytes     bigint,
    -- CARRYING until the target answered, CARRIED after, NOTICE when a cap kept the file back and a note names it
    status         text        not null,
    -- the copy's id on the target (jira:attachment:10100, servicenow:attachment:<sys_id>); null until it answered
    target_id      text,
    -- sha256 of the bytes sent, hex
    checksum       text,
    carried_at     timestamptz not null default now()
);
create unique index attachment_carry_target_uq on attachment_carry (target_id) where target_id is not null;
create index attachment_carry_pair_idx on attachment_carry (pair_id, target_system);
