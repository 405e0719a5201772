-- Migrate an attache store from schema version 2 to 3, in place, in one transaction.
-- The new columns go at the end of their tables, as in schema.sql, so a migrated store has
-- the columns of a new one in the same order. After these statements attache creates every
-- table and index of schema.sql that the store lacks, fills events.day (with
-- attache.dedup.EVENT_DAY_SQL, the rule new rows get from attache.dedup.event_day), then
-- links the stored articles' duplicates and event clusters (attache.store.dedup.rebuild)
-- (after migrate-3-4.sql) and sets user_version to the current version.

ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN duplicate_similarity REAL;
ALTER TABLE events ADD COLUMN cluster_id TEXT;
ALTER TABLE events ADD COLUMN day TEXT;
