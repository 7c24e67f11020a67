-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The question bank of each country and the questions of exercise sets.
-- questions.body is the question's stable JSON form (exercises/question.hpp); type, name and
-- category are copied out of it for lists and filters.

CREATE TABLE questions (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  category     TEXT NOT NULL DEFAULT '',
  type         TEXT NOT NULL CHECK (type IN ('single_choice', 'multiple_choice', 'true_false',
                                             'numeric', 'short_text', 'fill_blanks', 'matching',
                                             'ordering', 'description')),
  name         TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  source       TEXT NOT NULL DEFAULT '',  -- "gift:bank.gift#3" for imports
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX questions_bank ON questions (country_code, category, updated_at);

-- Which questions an exercise set (a resource of kind exercise_set) asks, in order. One
-- change-log line per set change (entity exercise_set_questions, id = the resource).
CREATE TABLE exercise_set_questions (
  resource_id TEXT NOT NULL REFERENCES resources (id),
  question_id TEXT NOT NULL REFERENCES questions (id),
  position    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  PRIMARY KEY (resource_id, question_id)
);
CREATE INDEX exercise_set_questions_question ON exercise_set_questions (question_id);

-- The published questions of an exercise set (JSON array of questions), written by the
-- authoring workflow at publish time; the pupils' player reads only this.
ALTER TABLE resources ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
