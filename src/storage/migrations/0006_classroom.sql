-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Classroom: pupils' requests to join a class (never an account until a teacher approves) and
-- the picture codes a teacher may print again on sign-in cards.
--
-- Both are synced records (conventions of 0001): a UUIDv7 id, timestamps, origin_node,
-- row_version and a change_log line written by the store in the same transaction.

-- A pupil asking to join a class with its join code. The secret is hashed at once (Argon2id,
-- like users.password_hash); approving copies the hashes into a new pupil account.
CREATE TABLE join_requests (
  id                TEXT PRIMARY KEY,
  class_id          TEXT NOT NULL REFERENCES classes (id),
  school_id         TEXT NOT NULL REFERENCES schools (id),
  display_name      TEXT NOT NULL,
  username          TEXT NOT NULL,   -- lower case, wished for in the school
  password_hash     TEXT,
  picture_code_hash TEXT,
  status            TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'approved', 'declined')),
  remote_address    TEXT NOT NULL DEFAULT '',
  decided_by        TEXT REFERENCES users (id),
  decided_at        TEXT,
  user_id           TEXT REFERENCES users (id),  -- the account made on approval
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  origin_node       TEXT NOT NULL,
  row_version       BIGINT NOT NULL DEFAULT 1,
  CHECK (password_hash IS NOT NULL OR picture_code_hash IS NOT NULL)
);
CREATE INDEX join_requests_class ON join_requests (class_id, status, created_at);
CREATE INDEX join_requests_address ON join_requests (remote_address, created_at);

-- A pupil's current picture code ("3-7-1"), readable by their teachers so that a lost card
-- can be printed again. Three pictures out of nine are 504 codes: a hash would not protect
-- them (see docs/decisions/0006-sign-in-cards.md); sign-in still verifies users.picture_code_hash.
CREATE TABLE picture_cards (
  id           TEXT PRIMARY KEY REFERENCES users (id),  -- the pupil's user id
  picture_code TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1
);
