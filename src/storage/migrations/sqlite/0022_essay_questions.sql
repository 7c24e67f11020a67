-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Open answers (issue 13): questions.type may be 'essay'. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt with the same columns in the same order. The
-- foreign keys of exercise_set_questions are deferred to the end of this migration's
-- transaction: dropping the old table counts its rows' children as orphans, and inserting the
-- same rows into the new table of the same name gives them their parent back. The copy is a
-- TEMP table: it lives only in this connection, for the length of the rebuild.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE questions_before_essays AS SELECT * FROM questions;
DROP TABLE questions;

CREATE TABLE questions (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  category     TEXT NOT NULL DEFAULT '',
  type         TEXT NOT NULL CHECK (type IN ('single_choice', 'multiple_choice', 'true_false',
                                             'numeric', 'short_text', 'fill_blanks', 'matching',
                                             'ordering', 'description', 'essay')),
  name         TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  source       TEXT NOT NULL DEFAULT '',
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1,
  hlc          BIGINT NOT NULL DEFAULT 0
);
INSERT INTO questions (id, country_code, category, type, name, body, status, source, created_by,
                       created_at, updated_at, origin_node, row_version, hlc)
  SELECT id, country_code, category, type, name, body, status, source, created_by, created_at,
         updated_at, origin_node, row_version, hlc
  FROM questions_before_essays;
DROP TABLE questions_before_essays;
CREATE INDEX questions_bank ON questions (country_code, category, updated_at);
