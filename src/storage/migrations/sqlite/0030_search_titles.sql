-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Search without a cache to hide behind (decision 0050):
-- * the full-text tables hold published resources only, so that a search without filters reads
--   the index alone (no row of resource_search_rows per match to check its status);
-- * titles are indexed on their own as well (resource_title_search): search ranks first the
--   resources whose title holds every word, and finds them in this small index instead of
--   checking the title column of every row that holds the words (a common word of the body is
--   in most rows);
-- * placements_search: a filtered search reads the placements of each match from the index.
-- resource_search_rows keeps a row, and so a stable row number, for every resource.

DROP TRIGGER resource_search_insert;
DROP TRIGGER resource_search_update;
DROP TRIGGER resource_search_filters;
DROP TRIGGER resource_search_delete;

CREATE VIRTUAL TABLE resource_title_search USING fts5(title, tokenize = 'imaginecole_fr');

DELETE FROM resource_search
  WHERE rowid IN (SELECT search_rowid FROM resource_search_rows WHERE status <> 'published');
INSERT INTO resource_title_search (rowid, title)
  SELECT k.search_rowid, r.title FROM resources r JOIN resource_search_rows k ON k.id = r.id
  WHERE r.status = 'published';

CREATE TRIGGER resource_search_insert AFTER INSERT ON resources BEGIN
  INSERT INTO resource_search_rows (id, status, kind, language, subject_slugs, exam_codes)
    VALUES (new.id, new.status, new.kind, new.language, new.subject_slugs, new.exam_codes);
  INSERT INTO resource_search (rowid, title, summary, body)
    SELECT search_rowid, new.title, new.summary, new.body FROM resource_search_rows
    WHERE id = new.id AND new.status = 'published';
  INSERT INTO resource_title_search (rowid, title)
    SELECT search_rowid, new.title FROM resource_search_rows
    WHERE id = new.id AND new.status = 'published';
END;

-- The filter columns (and the id) follow every change.
CREATE TRIGGER resource_search_filters AFTER UPDATE OF id, status, kind, language, subject_slugs,
    exam_codes ON resources BEGIN
  UPDATE resource_search_rows
    SET id = new.id, status = new.status, kind = new.kind, language = new.language,
        subject_slugs = new.subject_slugs, exam_codes = new.exam_codes
    WHERE id = old.id;
END;

-- The text is indexed again when it changes or the resource is published or withdrawn. The
-- row is found by either id: this trigger may run before or after the one above.
CREATE TRIGGER resource_search_update AFTER UPDATE OF id, title, summary, body, status ON resources
  WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.summary IS NOT new.summary
    OR old.body IS NOT new.body OR (old.status = 'published') IS NOT (new.status = 'published')
BEGIN
  DELETE FROM resource_search
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id IN (old.id, new.id));
  DELETE FROM resource_title_search
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id IN (old.id, new.id));
  INSERT INTO resource_search (rowid, title, summary, body)
    SELECT search_rowid, new.title, new.summary, new.body FROM resource_search_rows
    WHERE id IN (old.id, new.id) AND new.status = 'published';
  INSERT INTO resource_title_search (rowid, title)
    SELECT search_rowid, new.title FROM resource_search_rows
    WHERE id IN (old.id, new.id) AND new.status = 'published';
END;

CREATE TRIGGER resource_search_delete AFTER DELETE ON resources BEGIN
  DELETE FROM resource_search
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id = old.id);
  DELETE FROM resource_title_search
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id = old.id);
  DELETE FROM resource_search_rows WHERE id = old.id;
END;

-- The index's segments merged into one: the rows above were written in many small batches.
INSERT INTO resource_search (resource_search) VALUES ('optimize');
INSERT INTO resource_title_search (resource_title_search) VALUES ('optimize');

-- A filtered search looks up each match's placements: what it reads, in the index itself.
CREATE INDEX placements_search ON placements (resource_id, hidden, level_id, country_code,
                                              subject_slug);
