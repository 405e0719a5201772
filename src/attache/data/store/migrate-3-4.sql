-- Migrate an attache store from schema version 3 to 4, in place, inside the migration's
-- transaction: the new columns, at the end of their tables as in schema.sql. The new tables
-- and indexes of version 4 (the web_resources and feed_entries of attache fetch and watch,
-- the aggregates) are created from schema.sql itself after this file, and attache then fills
-- the aggregates from the stored events (attache.store.aggregates.rebuild).

ALTER TABLE events ADD COLUMN event_rule TEXT;
ALTER TABLE articles ADD COLUMN dictionaries TEXT;
ALTER TABLE events ADD COLUMN dead INTEGER;
ALTER TABLE events ADD COLUMN injured INTEGER;
ALTER TABLE events ADD COLUMN arrested INTEGER;
ALTER TABLE events ADD COLUMN size INTEGER;
ALTER TABLE events ADD COLUMN location_precision TEXT;
ALTER TABLE quantities ADD COLUMN event_verb INTEGER;
ALTER TABLE places ADD COLUMN precision TEXT;
