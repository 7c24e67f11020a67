-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Learning paths ("parcours"): an ordered list of published resources for one level of a
-- country, made by an editor (national: school_id NULL) or by a teacher for their school.
-- A pupil's progress is derived, never stored in place: an exercise step is done when the
-- pupil's attempts cover its questions; another step when a completion record exists.

CREATE TABLE learning_paths (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  school_id    TEXT REFERENCES schools (id),  -- NULL: a national path
  level_slug   TEXT NOT NULL,
  title        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1,
  hlc          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX learning_paths_by_level ON learning_paths (country_code, level_slug);

-- The steps of a path, in order. A change of the steps rewrites the path's rows.
CREATE TABLE learning_path_steps (
  path_id     TEXT NOT NULL REFERENCES learning_paths (id),
  resource_id TEXT NOT NULL REFERENCES resources (id),
  position    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  hlc         BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (path_id, resource_id)
);

-- "J'ai lu": a pupil says a step that has no questions is done. Appended once per client
-- UUID (a second press, an offline replay), never changed.
CREATE TABLE step_completions (
  id           TEXT PRIMARY KEY,
  client_id    TEXT NOT NULL UNIQUE,
  pupil_id     TEXT NOT NULL REFERENCES users (id),
  school_id    TEXT REFERENCES schools (id),
  country_code TEXT NOT NULL,
  path_id      TEXT NOT NULL REFERENCES learning_paths (id),
  resource_id  TEXT NOT NULL REFERENCES resources (id),
  completed_at TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  hlc          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX step_completions_by_pupil ON step_completions (pupil_id, path_id);
