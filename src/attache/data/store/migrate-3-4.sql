-- Migrate an attache store from schema version 3 to 4, in place, inside the migration's
-- transaction. New columns go at the end of their tables, as in schema.sql; the new tables
-- are the aggregates of schema.sql version 4 (see the comments there), and after these
-- statements attache fills them from the stored events (attache.store.aggregates.rebuild).
-- Each CREATE statement stands alone (IF NOT EXISTS), so statements for other new tables of
-- version 4 can go anywhere in this file.

ALTER TABLE events ADD COLUMN event_rule TEXT;

CREATE TABLE IF NOT EXISTS dyad_periods (
    dated_by        TEXT NOT NULL,
    period          TEXT NOT NULL,
    source_code     TEXT NOT NULL,
    target_code     TEXT NOT NULL,
    quad_class      INTEGER NOT NULL, -- 0 on the all-time rows (what a top list reads)
    source_country  TEXT NOT NULL,
    target_country  TEXT NOT NULL,
    events          INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    goldstein_hundredths INTEGER NOT NULL, -- sum over the clusters of round(goldstein * 100)
    PRIMARY KEY (dated_by, period, source_code, target_code, quad_class)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dyad_periods_pair ON dyad_periods
    (dated_by, source_code, target_code, period, quad_class, events, mentions,
     goldstein_hundredths);
CREATE TABLE IF NOT EXISTS country_periods (
    dated_by        TEXT NOT NULL,
    period          TEXT NOT NULL,
    source_country  TEXT NOT NULL,
    target_country  TEXT NOT NULL,
    quad_class      INTEGER NOT NULL, -- 0 on the all-time rows
    events          INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    goldstein_hundredths INTEGER NOT NULL,
    PRIMARY KEY (dated_by, period, source_country, target_country, quad_class)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS country_periods_pair ON country_periods
    (dated_by, source_country, target_country, period, quad_class, events, mentions,
     goldstein_hundredths);
CREATE TABLE IF NOT EXISTS place_periods (
    dated_by        TEXT NOT NULL,
    period          TEXT NOT NULL,
    country_iso3    TEXT NOT NULL,
    name            TEXT NOT NULL,
    geonames_id     INTEGER NOT NULL,
    events          INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    PRIMARY KEY (dated_by, period, country_iso3, name, geonames_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_days (
    cluster_id      TEXT NOT NULL,
    published       TEXT NOT NULL,
    source_code     TEXT NOT NULL,
    target_code     TEXT NOT NULL,
    quad_class      INTEGER NOT NULL,
    source_country  TEXT NOT NULL,
    target_country  TEXT NOT NULL,
    goldstein_hundredths INTEGER NOT NULL,
    country_iso3    TEXT NOT NULL,
    name            TEXT NOT NULL,
    geonames_id     INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, published)
) WITHOUT ROWID;
