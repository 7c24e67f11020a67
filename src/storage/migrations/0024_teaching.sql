-- Teaching with the learning records (issue 13, decision 0031): what a teacher gives a class to
-- do, and the marks teachers give to open answers. Both are learning's synced records.
--
-- An assignment gives one published resource (a lesson, an exercise set taken as practice or
-- as a quiz) to a class, or to some of its pupils (`pupil_ids`, a JSON array; '[]' is the
-- whole class). It is never deleted: cancelling sets `cancelled`, so that pupils' attempts
-- made for it keep their context. `client_id` makes its creation idempotent like an attempt's.
CREATE TABLE assignments (
  id               TEXT PRIMARY KEY,
  client_id        TEXT NOT NULL UNIQUE,
  school_id        TEXT NOT NULL REFERENCES schools (id),
  class_id         TEXT NOT NULL REFERENCES classes (id),
  resource_id      TEXT NOT NULL REFERENCES resources (id),
  group_name       TEXT NOT NULL DEFAULT '',
  pupil_ids        TEXT NOT NULL DEFAULT '[]',
  opens_at         TEXT NOT NULL,
  due_at           TEXT,
  mode             TEXT NOT NULL CHECK (mode IN ('practice', 'quiz')),
  item_order       TEXT NOT NULL CHECK (item_order IN ('fixed', 'shuffled')),
  attempts_allowed INTEGER NOT NULL DEFAULT 0 CHECK (attempts_allowed >= 0),
  solutions        TEXT NOT NULL
                   CHECK (solutions IN ('always', 'after_attempt', 'after_due', 'never')),
  cancelled        INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  created_by       TEXT NOT NULL REFERENCES users (id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  origin_node      TEXT NOT NULL DEFAULT '',
  row_version      BIGINT NOT NULL DEFAULT 1,
  hlc              BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX assignments_by_class ON assignments (class_id, cancelled, due_at);
CREATE INDEX assignments_by_resource ON assignments (resource_id, class_id);

-- A teacher's mark for one attempt (an essay waiting for one). Appended, never changed: a
-- later mark of the same attempt supersedes the earlier ones. The attempt itself is never
-- updated. The school and country are the attempt's, for the mark's scope.
CREATE TABLE attempt_marks (
  id           TEXT PRIMARY KEY,
  attempt_id   TEXT NOT NULL REFERENCES attempts (id),
  marker_id    TEXT NOT NULL REFERENCES users (id),
  school_id    TEXT REFERENCES schools (id),
  country_code TEXT NOT NULL,
  score        DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 1),
  comment      TEXT NOT NULL DEFAULT '',
  marked_at    TEXT NOT NULL,
  origin_node  TEXT NOT NULL DEFAULT '',
  hlc          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX attempt_marks_by_attempt ON attempt_marks (attempt_id, marked_at);

-- The class report reads one class's pupils' attempts on the assigned sets in one statement.
CREATE INDEX attempts_by_resource_pupil ON attempts (resource_id, pupil_id, question_id);
CREATE INDEX attempts_by_type ON attempts (question_type, resource_id);
