-- Migrate an attache store from schema version 2 to 3, in place, inside the migration's
-- transaction. The new columns go at the end of their tables, as in schema.sql, so a
-- migrated store has the columns of a new one in the same order; the new tables and indexes
-- are those of schema.sql version 3. After these statements attache fills events.day (with
-- attache.dedup.EVENT_DAY_SQL, the rule new rows get from attache.dedup.event_day) and links
-- the stored articles' duplicates and event clusters (attache.dedup.sqlite.rebuild).

ALTER TABLE articles ADD COLUMN duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN duplicate_similarity REAL;
ALTER TABLE events ADD COLUMN cluster_id TEXT;
ALTER TABLE events ADD COLUMN day TEXT;
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
CREATE INDEX events_cluster ON events (cluster_id);
CREATE INDEX events_cluster_key ON events (source_code, target_code, cameo_code, day);

CREATE TABLE article_bands (
    band_key        INTEGER NOT NULL,
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands (article_id);
CREATE TABLE event_clusters (
    cluster_id      TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL,   -- the representative: the first stored event
    seq             INTEGER NOT NULL,
    num_mentions    INTEGER NOT NULL, -- events in the cluster
    num_articles    INTEGER NOT NULL, -- distinct articles
    num_sources     INTEGER NOT NULL, -- distinct articles.source (the article id if none)
    first_published TEXT             -- the earliest publication date of its articles
);
CREATE TABLE dedup_settings (
    name            TEXT PRIMARY KEY,
    value           REAL NOT NULL
);
