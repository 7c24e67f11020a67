-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Roster imports: which school, class or user a record of an outside system (a OneRoster
-- sourcedId) became, so that importing the same files again updates instead of duplicating.
-- Synced like the records it points at (UUIDv7 id, timestamps, origin_node, row_version and a
-- change_log line written by the store).

CREATE TABLE roster_links (
  id          TEXT PRIMARY KEY,
  source      TEXT NOT NULL,  -- "oneroster:SN": the format and the country it was imported for
  entity      TEXT NOT NULL CHECK (entity IN ('school', 'class', 'user')),
  source_id   TEXT NOT NULL,  -- the outside id (OneRoster sourcedId)
  entity_id   TEXT NOT NULL,  -- schools.id, classes.id or users.id
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (source, entity, source_id)
);
CREATE INDEX roster_links_entity ON roster_links (entity, entity_id);
