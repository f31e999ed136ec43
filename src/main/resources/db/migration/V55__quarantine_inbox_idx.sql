-- A record consumed again looks up its open quarantine entry by inbox row before adding one.
create index quarantine_inbox_idx on quarantine (inbox_id);
