-- Migrate an attache store from schema version 3 to 4, in place, in one transaction.
-- New columns go at the end of their tables, as in schema.sql.

ALTER TABLE events ADD COLUMN event_rule TEXT;
