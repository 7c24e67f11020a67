-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Foundation: node identity, the change log that sync reads, and the countries' curricula.
-- Every record has a UUIDv7 id, the server (node) that last wrote it, timestamps and a row
-- version, so that school servers and the national hub can exchange only what changed.

CREATE TABLE node_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One line per write of a synced record, in the order this database saw them. `seq` is local
-- to this database (a cursor for "what changed since"), never an id shared between servers.
CREATE TABLE change_log (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  op          TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  row_version BIGINT NOT NULL,
  node_id     TEXT NOT NULL,
  changed_at  TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

CREATE TABLE subjects (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  names       TEXT NOT NULL,          -- JSON object: {"fr": "...", "en": "...", "ar": "..."}
  position    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE countries (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,   -- ISO 3166-1 alpha-2
  names       TEXT NOT NULL,          -- JSON object of names by language
  languages   TEXT NOT NULL,          -- JSON array of BCP 47 codes, teaching languages first
  streams     TEXT NOT NULL DEFAULT '[]', -- JSON array: language streams (Chad)
  position    INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1
);

-- A country's curriculum tree: cycle > level > subject > unit > topic.
CREATE TABLE curriculum_nodes (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  parent_id    TEXT REFERENCES curriculum_nodes (id),
  kind         TEXT NOT NULL CHECK (kind IN ('cycle', 'level', 'subject', 'unit', 'topic')),
  slug         TEXT NOT NULL,
  names        TEXT NOT NULL,
  full_names   TEXT,
  position     INTEGER NOT NULL,
  subsystem    TEXT,
  language     TEXT,
  typical_age  INTEGER,
  subject_slug TEXT REFERENCES subjects (slug),
  retired      INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX curriculum_nodes_parent ON curriculum_nodes (parent_id, position);
CREATE INDEX curriculum_nodes_country ON curriculum_nodes (country_code, kind, position);
-- Cycles and levels are addressed by slug within their country (/SN/cm2).
CREATE UNIQUE INDEX curriculum_nodes_top_slug ON curriculum_nodes (country_code, slug)
  WHERE kind IN ('cycle', 'level');

CREATE TABLE exams (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL REFERENCES countries (code),
  code         TEXT NOT NULL,
  names        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('certificate', 'competitive')),
  level_id     TEXT NOT NULL REFERENCES curriculum_nodes (id),
  unverified   INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1,
  UNIQUE (country_code, code)
);
