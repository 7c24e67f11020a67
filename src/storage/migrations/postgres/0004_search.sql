-- SPDX-License-Identifier: AGPL-3.0-or-later
-- French full-text search over resources: the text search configuration imaginecole_fr
-- (French with unaccent before french_stem, so accents and case never matter), and a weighted
-- tsvector per resource (title A, summary B, body C) kept in step by a trigger on resources.
-- '<' and '>' are read as spaces, as the SQLite tokenizer does: PostgreSQL's parser would
-- otherwise drop "<script>" or "<b>" as HTML tags, and the backends would disagree.

-- unaccent is a trusted extension: the database owner may create it. It lives in `public` so
-- that every schema of the database (one per test, for instance) shares one copy.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE TEXT SEARCH CONFIGURATION imaginecole_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION imaginecole_fr
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH public.unaccent, pg_catalog.french_stem;

CREATE TABLE resource_search (
  resource_id    TEXT PRIMARY KEY,
  document       TSVECTOR NOT NULL,  -- title (A), summary (B), body (C)
  title_document TSVECTOR NOT NULL   -- title alone: title matches rank first
);
CREATE INDEX resource_search_document ON resource_search USING GIN (document);

CREATE FUNCTION resource_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM resource_search WHERE resource_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    DELETE FROM resource_search WHERE resource_id = OLD.id;
  END IF;
  INSERT INTO resource_search (resource_id, document, title_document)
  VALUES (NEW.id,
          setweight(to_tsvector('imaginecole_fr', translate(NEW.title, '<>', '  ')), 'A') ||
          setweight(to_tsvector('imaginecole_fr', translate(NEW.summary, '<>', '  ')), 'B') ||
          setweight(to_tsvector('imaginecole_fr', translate(NEW.body, '<>', '  ')), 'C'),
          to_tsvector('imaginecole_fr', translate(NEW.title, '<>', '  ')))
  ON CONFLICT (resource_id) DO UPDATE
    SET document = EXCLUDED.document, title_document = EXCLUDED.title_document;
  RETURN NULL;
END
$$;

CREATE TRIGGER resource_search_insert AFTER INSERT ON resources
  FOR EACH ROW EXECUTE FUNCTION resource_search_refresh();
CREATE TRIGGER resource_search_update AFTER UPDATE OF id, title, summary, body ON resources
  FOR EACH ROW EXECUTE FUNCTION resource_search_refresh();
CREATE TRIGGER resource_search_delete AFTER DELETE ON resources
  FOR EACH ROW EXECUTE FUNCTION resource_search_refresh();

-- Resources written before this migration.
INSERT INTO resource_search (resource_id, document, title_document)
SELECT id,
       setweight(to_tsvector('imaginecole_fr', translate(title, '<>', '  ')), 'A') ||
       setweight(to_tsvector('imaginecole_fr', translate(summary, '<>', '  ')), 'B') ||
       setweight(to_tsvector('imaginecole_fr', translate(body, '<>', '  ')), 'C'),
       to_tsvector('imaginecole_fr', translate(title, '<>', '  '))
FROM resources;
