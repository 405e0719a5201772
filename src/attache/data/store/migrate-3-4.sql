-- Migrate an attache store from schema version 3 to 4, in place, in one transaction.
-- New columns go at the end of their tables, as in schema.sql.

ALTER TABLE events ADD COLUMN event_rule TEXT;

-- The tables of attache fetch and attache watch (the same DDL as schema.sql).

-- Every URL attache fetch and attache watch asked for (feeds, pages, robots.txt files) and
-- the validators of its last answer, so the next request for it is conditional
-- (If-None-Match, If-Modified-Since) and a 304 costs nothing.
CREATE TABLE IF NOT EXISTS web_resources (
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
CREATE INDEX IF NOT EXISTS web_resources_text_hash ON web_resources (text_hash);
-- feeds list pages other ways in: an entry whose link is a stored article's URL is known
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);

-- The entries attache watch found in each feed: what was seen when, and what came of it.
-- An entry is stored as pending before its feed's validators are, so a killed pass
-- leaves it to the next one.
CREATE TABLE IF NOT EXISTS feed_entries (
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
CREATE INDEX IF NOT EXISTS feed_entries_pending ON feed_entries (feed_url, done_at);
