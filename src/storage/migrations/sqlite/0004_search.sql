-- SPDX-License-Identifier: AGPL-3.0-or-later
-- French full-text search over resources: an FTS5 table with the imaginecole_fr tokenizer
-- (registered by search::install_sqlite_tokenizer before the database is opened), kept in step
-- with `resources` by triggers so that every writer updates it without knowing it exists.
--
-- resources has a TEXT primary key, and VACUUM may renumber the rowids of such tables, so the
-- FTS rows are keyed by resource_search_rows, whose INTEGER PRIMARY KEY never changes. It also
-- copies the columns that filters read: a query matching thousands of resources then reads
-- these short rows instead of each resource's whole row (its body comes before its status).

CREATE TABLE resource_search_rows (
  search_rowid  INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,  -- resources.id
  status        TEXT NOT NULL,
  kind          TEXT NOT NULL,
  language      TEXT NOT NULL,
  subject_slugs TEXT NOT NULL,
  exam_codes    TEXT NOT NULL
);

-- Column order matters: weights in bm25() and imaginecole_title_match() read title first.
CREATE VIRTUAL TABLE resource_search USING fts5(title, summary, body, tokenize = 'imaginecole_fr');

CREATE TRIGGER resource_search_insert AFTER INSERT ON resources BEGIN
  INSERT INTO resource_search_rows (id, status, kind, language, subject_slugs, exam_codes)
    VALUES (new.id, new.status, new.kind, new.language, new.subject_slugs, new.exam_codes);
  INSERT INTO resource_search (rowid, title, summary, body)
    VALUES ((SELECT search_rowid FROM resource_search_rows WHERE id = new.id),
            new.title, new.summary, new.body);
END;

CREATE TRIGGER resource_search_update AFTER UPDATE OF id, title, summary, body ON resources BEGIN
  UPDATE resource_search_rows SET id = new.id WHERE id = old.id;
  UPDATE resource_search SET title = new.title, summary = new.summary, body = new.body
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id = new.id);
END;

CREATE TRIGGER resource_search_filters AFTER UPDATE OF status, kind, language, subject_slugs,
    exam_codes ON resources BEGIN
  UPDATE resource_search_rows
    SET status = new.status, kind = new.kind, language = new.language,
        subject_slugs = new.subject_slugs, exam_codes = new.exam_codes
    WHERE id IN (old.id, new.id);
END;

CREATE TRIGGER resource_search_delete AFTER DELETE ON resources BEGIN
  DELETE FROM resource_search
    WHERE rowid = (SELECT search_rowid FROM resource_search_rows WHERE id = old.id);
  DELETE FROM resource_search_rows WHERE id = old.id;
END;

-- Resources written before this migration.
INSERT INTO resource_search_rows (id, status, kind, language, subject_slugs, exam_codes)
  SELECT id, status, kind, language, subject_slugs, exam_codes FROM resources ORDER BY rowid;
INSERT INTO resource_search (rowid, title, summary, body)
  SELECT k.search_rowid, r.title, r.summary, r.body
  FROM resources r JOIN resource_search_rows k ON k.id = r.id;
