-- attache store schema, version 4 (kept in PRAGMA user_version).
-- Version 2 added: events.clause_depth, date, date_basis, background, location_*;
-- quantities.kind, actors; places.kind, dateline; the equipment table.
-- Version 3 added: articles.duplicate_of, duplicate_similarity; events.cluster_id, day;
-- the article_bands, event_clusters and dedup_settings tables (see attache.dedup).
-- Version 4 added: events.event_rule, dead, injured, arrested, size, location_precision;
-- quantities.event_verb; places.precision; the web_resources and feed_entries tables (attache
-- fetch and watch); the dyad_periods, country_periods, place_periods and cluster_days
-- aggregates.
-- An older store is migrated in place when opened for writing, one version at a time: its
-- migration file (migrate-2-3.sql, migrate-3-4.sql: the new columns), then the tables and
-- indexes of this file it lacks, then what the version needs computed.
-- Offsets (start, "end") are character offsets into articles.text, end exclusive.
-- Every per-article table has (article_id, seq): seq is the record's position in its list,
-- so an article reads back exactly as it was written. Rows go when their article goes.

CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    title           TEXT,
    text            TEXT NOT NULL,
    published       TEXT,            -- ISO date YYYY-MM-DD
    source          TEXT,
    url             TEXT,
    content_hash    TEXT NOT NULL,   -- attache.ingest.content_hash: text and metadata
    attache_version TEXT NOT NULL,
    coded_at        TEXT NOT NULL,   -- UTC ISO timestamp
    discarded       TEXT,            -- why the coder skipped the article, if it did
    -- the same story stored earlier: the first stored article of it (NULL: an original)
    duplicate_of    TEXT REFERENCES articles (id) ON DELETE SET NULL,
    duplicate_similarity REAL,       -- resemblance (0-1) of the text to that story's text
    dictionaries    TEXT             -- the dictionary set that coded it (its content hash)
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);

CREATE TABLE sentences (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    text            TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE mentions (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    code            TEXT NOT NULL,
    entry           TEXT NOT NULL,
    antecedent_start INTEGER,
    antecedent_end  INTEGER,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX mentions_code ON mentions (code);

-- An actor (event source/target, quote speaker) is flattened into prefixed columns:
-- <side>_code (the resolved CAMEO actor code), <side>_country (its country part: the first
-- three letters, or a company's or NGO's home country when its code names one, MNCBRA: BRA),
-- and the mention it came from (<side>_text, _start, _end, _entry, ...).
CREATE TABLE events (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    verb_start      INTEGER NOT NULL,
    verb_end        INTEGER NOT NULL,
    source_code     TEXT,
    source_country  TEXT,
    source_text     TEXT,
    source_start    INTEGER,
    source_end      INTEGER,
    source_entry    TEXT,
    source_kind     TEXT,
    source_mention_code TEXT,
    source_rule     TEXT,
    source_sentence_index INTEGER,
    source_antecedent_start INTEGER,
    source_antecedent_end INTEGER,
    target_code     TEXT,
    target_country  TEXT,
    target_text     TEXT,
    target_start    INTEGER,
    target_end      INTEGER,
    target_entry    TEXT,
    target_kind     TEXT,
    target_mention_code TEXT,
    target_rule     TEXT,
    target_sentence_index INTEGER,
    target_antecedent_start INTEGER,
    target_antecedent_end INTEGER,
    cameo_code      TEXT NOT NULL,   -- always a string: '0431'
    root_code       TEXT NOT NULL,
    quad_class      INTEGER NOT NULL,
    goldstein       REAL NOT NULL,
    plover_type     TEXT,
    plover_mode     TEXT,
    modality        TEXT NOT NULL,   -- asserted | negated | hypothetical
    pattern         TEXT NOT NULL,
    clause_depth    INTEGER NOT NULL,
    date            TEXT,            -- when it happened: 2019-03-12, 2019-03, 2019, 195X
    date_basis      TEXT NOT NULL,   -- explicit | relative | story | publication | none
    background      INTEGER NOT NULL,
    -- where it happened: a place record flattened (location_name is NULL when unknown)
    location_name        TEXT,
    location_country_iso3 TEXT,
    location_cameo_code  TEXT,
    location_admin1      TEXT,
    location_latitude    REAL,
    location_longitude   REAL,
    location_geonames_id INTEGER,
    location_kind        TEXT,
    location_dateline    INTEGER,
    location_sentence_index INTEGER,
    location_start       INTEGER,
    location_end         INTEGER,
    location_text        TEXT,
    location_rule        TEXT,
    published       TEXT,            -- copied from articles.published for date filters
    -- the event cluster: '<article_id>:<seq>' of its first stored event (see event_clusters)
    cluster_id      TEXT,
    day             TEXT,            -- date when a full day, else published: the cluster day
    event_rule      TEXT,            -- the event rule that rewrote the code (rule:intent...)
    -- the counts of people the text gives for the event (attache.attributes.casualties)
    dead            INTEGER,
    injured         INTEGER,
    arrested        INTEGER,
    size            INTEGER,         -- a crowd's
    location_precision TEXT,         -- place | admin1 | country | region (see places)
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
CREATE INDEX events_cameo_code ON events (cameo_code);
CREATE INDEX events_root_code ON events (root_code);
CREATE INDEX events_quad_class ON events (quad_class);
CREATE INDEX events_plover_type ON events (plover_type);
CREATE INDEX events_published ON events (published);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_cluster ON events (cluster_id);
CREATE INDEX events_cluster_key ON events (source_code, target_code, cameo_code, day);

CREATE TABLE quotes (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    content_start   INTEGER NOT NULL,
    content_end     INTEGER NOT NULL,
    speaker_code    TEXT,
    speaker_country TEXT,
    speaker_text    TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_entry   TEXT,
    speaker_kind    TEXT,
    speaker_mention_code TEXT,
    speaker_rule    TEXT,
    speaker_sentence_index INTEGER,
    speaker_antecedent_start INTEGER,
    speaker_antecedent_end INTEGER,
    reporting_verb  TEXT,
    direct          INTEGER NOT NULL,
    chain           TEXT NOT NULL,   -- JSON list of strings
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE dates (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    value           TEXT,
    resolution      TEXT NOT NULL,
    background      INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE quantities (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    value           REAL NOT NULL,
    unit            TEXT NOT NULL,
    kind            TEXT NOT NULL,   -- money | people | measure | percent | count
    measures        TEXT,
    year            INTEGER,
    actors          TEXT NOT NULL,   -- JSON list of CAMEO actor codes
    event_verb      INTEGER,         -- verb_start of the event whose count of people it is
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE places (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    name            TEXT NOT NULL,
    country_iso3    TEXT,
    cameo_code      TEXT,
    admin1          TEXT,
    latitude        REAL,
    longitude       REAL,
    geonames_id     INTEGER,
    kind            TEXT NOT NULL,   -- country | admin1 | city | region
    dateline        INTEGER NOT NULL,
    -- what latitude/longitude stand for: the place itself (a city), the centroid of its
    -- admin1 division or of its country; region: a CAMEO region, no coordinates
    precision       TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX places_country ON places (country_iso3);

CREATE TABLE equipment (
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sentence_index  INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    evidence_text   TEXT NOT NULL,
    rule            TEXT NOT NULL,
    name            TEXT NOT NULL,
    category        TEXT NOT NULL,   -- aircraft | helicopter | missile | ship | vehicle | weapon | drone
    event_verbs     TEXT NOT NULL,   -- JSON list of the verb_start offsets of its events
    PRIMARY KEY (article_id, seq)
);

-- Inputs attache could not code. One row per (article_id, code, location): seeing the same
-- failure again updates seen_at; storing the article later removes its rejections.
CREATE TABLE rejections (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT,
    code            TEXT NOT NULL,
    message         TEXT NOT NULL,
    location        TEXT,
    seen_at         TEXT NOT NULL
);
CREATE INDEX rejections_article ON rejections (article_id);
CREATE INDEX rejections_code ON rejections (code);

-- Finding duplicate articles without reading them all: each article's MinHash band keys
-- (attache.dedup.text.band_keys). Articles sharing a key are compared in full.
CREATE TABLE article_bands (
    band_key        INTEGER NOT NULL,
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands (article_id);

-- One row per event cluster: the reports of one event (same actors, code, modality and
-- day; near-identical evidence, or copies of one story), as GDELT's NumMentions,
-- NumArticles and NumSources. Kept up to date in the transaction that writes an article.
CREATE TABLE event_clusters (
    cluster_id      TEXT PRIMARY KEY,
    article_id      TEXT NOT NULL,   -- the representative: the first stored event
    seq             INTEGER NOT NULL,
    num_mentions    INTEGER NOT NULL, -- events in the cluster
    num_articles    INTEGER NOT NULL, -- distinct articles
    num_sources     INTEGER NOT NULL, -- distinct articles.source (the article id if none)
    first_published TEXT             -- the earliest publication date of its articles
);

-- The DedupSettings the store links with (name -> value); missing names take defaults.
CREATE TABLE dedup_settings (
    name            TEXT PRIMARY KEY,
    value           REAL NOT NULL
);

-- Every URL attache fetch and attache watch asked for (feeds, pages, robots.txt files) and
-- the validators of its last answer, so the next request for it is conditional
-- (If-None-Match, If-Modified-Since) and a 304 costs nothing.
CREATE TABLE web_resources (
    url             TEXT PRIMARY KEY,  -- as asked for (a feed's entry link, a command's URL)
    kind            TEXT NOT NULL,     -- feed | page | robots
    etag            TEXT,
    last_modified   TEXT,
    checked_at      TEXT NOT NULL,     -- UTC ISO timestamp of the last request
    changed_at      TEXT,              -- of the last answer with content (not a 304)
    article_id      TEXT,              -- page: the article it gave (or the one it repeats)
    text_hash       TEXT,              -- page: SHA-256 of its extracted text
    author          TEXT,              -- page: its author, as the page gives it
    error           TEXT,              -- the code of the last failure, NULL if none
    body            TEXT               -- robots: the file, reused when it answers 304
);
CREATE INDEX web_resources_text_hash ON web_resources (text_hash);
-- feeds list pages other ways in: an entry whose link is a stored article's URL is known
CREATE INDEX articles_url ON articles (url);

-- The entries attache watch found in each feed: what was seen when, and what came of it.
-- An entry is stored as pending before its feed's validators are, so a killed pass
-- leaves it to the next one.
CREATE TABLE feed_entries (
    feed_url        TEXT NOT NULL,
    entry_key       TEXT NOT NULL,     -- the entry's id (guid), else its link
    link            TEXT NOT NULL,
    title           TEXT,
    published       TEXT,              -- the feed's date for it (ISO date)
    first_seen      TEXT NOT NULL,     -- UTC ISO timestamp
    done_at         TEXT,              -- NULL: still to fetch
    outcome         TEXT,              -- inserted, replaced, unchanged, known, duplicate, E0xx
    article_id      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed_url, entry_key)
);
CREATE INDEX feed_entries_pending ON feed_entries (feed_url, done_at);

-- Aggregates that attache series, attache top, the API and the dashboard read instead of
-- the events (attache.store.aggregates), kept exact in the transaction of every write,
-- replacement and attache dedup. They count plain (asserted) events only: "events" are
-- event clusters (the reports of one event), "mentions" their event records. dated_by is
-- 'published' (the article's publication date) or 'event' (events.day: the event's own day,
-- else the publication date); period is a month 'YYYY-MM', or '' for all time. A cluster
-- counts once in each period in which it has a report (once in ''), mentions are the
-- reports dated in the period. '' stands for a missing code or name, 0 for a missing id.
-- dyad_periods is read by period (the top dyads and actors) and by pair (a dyad's series:
-- dyad_periods_pair holds what a series reads, so it never goes back to the table).
CREATE TABLE dyad_periods (
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
CREATE INDEX dyad_periods_pair ON dyad_periods
    (dated_by, source_code, target_code, period, quad_class, events, mentions,
     goldstein_hundredths);

-- The same per source and target country (the codes' country parts, '' for
-- none): what a dyad of country codes (RUS -> UKR) and the country-level top lists read.
CREATE TABLE country_periods (
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
CREATE INDEX country_periods_pair ON country_periods
    (dated_by, source_country, target_country, period, quad_class, events, mentions,
     goldstein_hundredths);

-- Where the events happened: a cluster's place is its first report's (events.location_*),
-- as in the GDELT export.
CREATE TABLE place_periods (
    dated_by        TEXT NOT NULL,
    period          TEXT NOT NULL,
    country_iso3    TEXT NOT NULL,
    name            TEXT NOT NULL,
    geonames_id     INTEGER NOT NULL,
    events          INTEGER NOT NULL,
    mentions        INTEGER NOT NULL,
    PRIMARY KEY (dated_by, period, country_iso3, name, geonames_id)
) WITHOUT ROWID;

-- The publication days of the clusters reported on more than one day, with what the
-- aggregates group them by: a query over several months (or part of one) counts such a
-- cluster once with them, not once per month (attache.query.analytics).
CREATE TABLE cluster_days (
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
