-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The shared library: resources (one origin country each) and their placements in any
-- country's curriculum tree.

CREATE TABLE resources (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('lesson', 'exercise_set', 'video', 'audio',
                                                 'document', 'interactive', 'teacher_guide')),
  slug             TEXT NOT NULL,           -- readable part of URLs, not unique
  title            TEXT NOT NULL,
  summary          TEXT NOT NULL DEFAULT '',
  body             TEXT NOT NULL DEFAULT '', -- Markdown (lessons, guides, exercise statements)
  language         TEXT NOT NULL,           -- BCP 47: fr, en, ar, wo, bm, ha, ff...
  audience         TEXT NOT NULL CHECK (audience IN ('pupil', 'teacher')),
  licence          TEXT NOT NULL CHECK (licence IN ('CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0',
                                                    'CC-BY-NC-SA-4.0', 'public-domain',
                                                    'all-rights-reserved')),
  authors          TEXT NOT NULL DEFAULT '[]', -- JSON array of names
  origin_country   TEXT NOT NULL REFERENCES countries (code),
  duration_minutes INTEGER,
  subject_slugs    TEXT NOT NULL DEFAULT '[]', -- JSON array of subjects.slug
  exam_codes       TEXT NOT NULL DEFAULT '[]', -- JSON array of exam codes it prepares for
  media_hash       TEXT,                    -- main file in the media store (video, PDF...)
  media_type       TEXT,
  status           TEXT NOT NULL DEFAULT 'published'
                     CHECK (status IN ('draft', 'in_review', 'published', 'unpublished')),
  published_at     TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  origin_node      TEXT NOT NULL,
  row_version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX resources_origin ON resources (origin_country, status);
CREATE INDEX resources_published ON resources (status, published_at);

-- A resource placed by a country in its own tree, at a node of kind level, subject, unit or
-- topic. level_id and subject_slug are copied from the node's ancestors so that browsing and
-- filtering need no tree walk.
CREATE TABLE placements (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  resource_id  TEXT NOT NULL REFERENCES resources (id),
  node_id      TEXT NOT NULL REFERENCES curriculum_nodes (id),
  level_id     TEXT NOT NULL REFERENCES curriculum_nodes (id),
  subject_slug TEXT,
  unit_id      TEXT,                     -- the unit the node is in or is, if any
  position     INTEGER NOT NULL DEFAULT 0,
  hidden       INTEGER NOT NULL DEFAULT 0,
  placed_by    TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1,
  UNIQUE (country_code, resource_id, node_id)
);
CREATE INDEX placements_browse ON placements (country_code, level_id, subject_slug, hidden, position);
CREATE INDEX placements_node ON placements (node_id, hidden, position);
CREATE INDEX placements_resource ON placements (resource_id);

-- How often each resource is opened, per day: "most used" lists and, later, the ministries'
-- dashboards. Local to each server (school servers send aggregates, never raw views).
CREATE TABLE resource_usage (
  resource_id TEXT NOT NULL REFERENCES resources (id),
  day         TEXT NOT NULL,                -- YYYY-MM-DD
  views       BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (resource_id, day)
);
