-- Migrate an attache store from schema version 2 to 3, in place, inside the migration's
-- transaction. The new columns go at the end of their tables, as in schema.sql, so a
-- migrated store has the columns of a new one in the same order; the new tables and indexes
-- are created from schema.sql itself after this file. Then attache fills events.day (with
-- attache.dedup.EVENT_DAY_SQL, the rule new rows get from attache.dedup.event_day) and links
-- the stored articles' duplicates and event clusters (attache.dedup.sqlite.rebuild).

ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN duplicate_similarity REAL;
ALTER TABLE events ADD COLUMN cluster_id TEXT;
ALTER TABLE events ADD COLUMN day TEXT;
