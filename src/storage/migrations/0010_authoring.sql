-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The editorial workflow (docs/decisions/0010-editorial-workflow.md): every save of a resource
-- is an immutable numbered version; the workflow row says where the resource stands (draft,
-- in review, published, unpublished), which version pupils see, who may see it (a teacher's
-- class or everyone) and, for an adaptation, where it came from. `resources` stays the
-- projection of the published version that pages, lists and search read.

CREATE TABLE resource_workflow (
  id                 TEXT PRIMARY KEY REFERENCES resources (id),  -- the resource's id
  country_code       TEXT NOT NULL REFERENCES countries (code),
  state              TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published',
                                                    'unpublished')),
  title              TEXT NOT NULL,           -- the current version's title, for lists
  class_id           TEXT,                    -- set: a teacher's resource, seen by this class only
  current_version    INTEGER NOT NULL,
  submitted_version  INTEGER,                 -- the version the reviewers look at
  published_version  INTEGER,                 -- the version in `resources` (pupils see it)
  last_comment       TEXT,                    -- the reviewer's comment when sent back
  origin_resource_id TEXT,                    -- an adaptation: the resource it was adapted from
  origin_version     INTEGER,
  origin_country     TEXT,
  origin_title       TEXT,
  origin_licence     TEXT,
  created_by         TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  origin_node        TEXT NOT NULL,
  row_version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX resource_workflow_queue ON resource_workflow (country_code, state, updated_at);
CREATE INDEX resource_workflow_creator ON resource_workflow (created_by, updated_at);
CREATE INDEX resource_workflow_origin ON resource_workflow (origin_resource_id);

-- Never updated: a save appends the next number.
CREATE TABLE resource_versions (
  id          TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources (id),
  number      INTEGER NOT NULL,
  snapshot    TEXT NOT NULL,                  -- JSON: every editable field (+ questions)
  author_id   TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (resource_id, number)
);

-- Every transition of the workflow: who, when, from which state to which, about which version.
CREATE TABLE resource_reviews (
  id             TEXT PRIMARY KEY,
  resource_id    TEXT NOT NULL REFERENCES resources (id),
  version_number INTEGER NOT NULL,
  actor_id       TEXT NOT NULL,
  from_state     TEXT NOT NULL,
  to_state       TEXT NOT NULL,
  comment        TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  origin_node    TEXT NOT NULL,
  row_version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX resource_reviews_resource ON resource_reviews (resource_id, created_at);

-- Which version the projection holds, and the attribution line of an adaptation (JSON).
ALTER TABLE resources ADD COLUMN published_version INTEGER;
ALTER TABLE resources ADD COLUMN attribution TEXT;
