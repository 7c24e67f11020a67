-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The synced-record layer (decision 0018): change-log lines written by triggers with their
-- scope (country, school), a hybrid-logical-clock stamp on every synced row, and the tables of
-- node identity, peers, clock floor, content version and sticky erasure.

-- A line's position is (tx, seq). SQLite has one writer, so tx is always 0 and seq is commit
-- order. PostgreSQL fills tx with the writing transaction's id (its default, set by 0018); a
-- reader reads only lines of transactions older than every running one, so a cursor never
-- passes a line that commits later.
ALTER TABLE change_log ADD COLUMN tx BIGINT NOT NULL DEFAULT 0;
ALTER TABLE change_log ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE change_log ADD COLUMN country TEXT;   -- NULL: every country
ALTER TABLE change_log ADD COLUMN school TEXT;    -- a school code; NULL: not one school's
ALTER TABLE change_log ADD COLUMN content INTEGER NOT NULL DEFAULT 0;  -- pages show it
CREATE INDEX change_log_position ON change_log (tx, seq);
CREATE INDEX change_log_country ON change_log (country, tx, seq);
CREATE INDEX change_log_school ON change_log (school, tx, seq);

-- Bumped by every write of a content table, in its transaction: what page caches watch.
CREATE TABLE content_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  BIGINT NOT NULL
);
INSERT INTO content_version (id, n) VALUES (1, 0);

-- Every stamp is above at_least: sync raises it to the largest stamp a peer sent (bounded).
CREATE TABLE node_clock (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  at_least BIGINT NOT NULL
);
INSERT INTO node_clock (id, at_least) VALUES (1, 0);

-- What this server knows of each peer: how far it read the peer's feed, and how far the peer
-- says it read this one's. A cursor names the epoch it belongs to.
CREATE TABLE sync_peers (
  peer_node     TEXT PRIMARY KEY,
  peer_epoch    TEXT NOT NULL,
  read_cursor   TEXT NOT NULL DEFAULT '',  -- how far this server read the peer's feed
  acked_cursor  TEXT NOT NULL DEFAULT '',  -- how far the peer read this server's feed
  updated_at    TEXT NOT NULL
);

-- Ids erased on this platform: a copy of the record that comes back (an old backup, a school
-- box that was offline) is refused by a trigger.
CREATE TABLE erased_records (
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  erased_at TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
);

ALTER TABLE subjects ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE countries ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE curriculum_nodes ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE exams ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE regions ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE schools ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE classes ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE role_grants ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE resources ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE placements ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE level_crosswalk ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE level_crosswalk ADD COLUMN origin_node TEXT NOT NULL DEFAULT '';
ALTER TABLE join_requests ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE picture_cards ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE roster_links ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE exercise_set_questions ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE resource_workflow ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE resource_versions ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE resource_reviews ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;
