-- Where an interrupted or failed backfill can be resumed (the last position read and fed, saved page by page), and
-- for a resumed job, the job it resumes.
alter table backfill_job add column resume_from text;
alter table backfill_job add column resumes text;
