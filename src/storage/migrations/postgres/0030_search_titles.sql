-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Search without a cache to hide behind (decision 0050):
-- * resource_search holds published resources only, so that a search without filters reads
--   the index alone (no resources row per match to check its status);
-- * a GIN index on title_document: search ranks first the resources whose title holds every
--   word, and finds them through it instead of checking title_document in every row whose
--   document holds the words (a common word of the body is in most rows);
-- * placements_search: a filtered search reads the placements of each match from the index.

CREATE OR REPLACE FUNCTION resource_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM resource_search WHERE resource_id = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN
    DELETE FROM resource_search WHERE resource_id = OLD.id;
  END IF;
  IF NEW.status <> 'published' THEN
    DELETE FROM resource_search WHERE resource_id = NEW.id;
    RETURN NULL;
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

DROP TRIGGER resource_search_update ON resources;
CREATE TRIGGER resource_search_update AFTER UPDATE OF id, title, summary, body, status ON resources
  FOR EACH ROW
  WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.title IS DISTINCT FROM NEW.title
        OR OLD.summary IS DISTINCT FROM NEW.summary OR OLD.body IS DISTINCT FROM NEW.body
        OR (OLD.status = 'published') IS DISTINCT FROM (NEW.status = 'published'))
  EXECUTE FUNCTION resource_search_refresh();

DELETE FROM resource_search s USING resources r
  WHERE r.id = s.resource_id AND r.status <> 'published';

CREATE INDEX resource_search_title ON resource_search USING GIN (title_document);

-- A filtered search looks up each match's placements: what it reads, in the index itself.
CREATE INDEX placements_search ON placements (resource_id, hidden, level_id, country_code,
                                              subject_slug);
