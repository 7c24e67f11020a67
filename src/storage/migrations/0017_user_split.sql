-- SPDX-License-Identifier: AGPL-3.0-or-later
-- A user's password, profile and `disabled` flag change independently (the person changes
-- their password, a teacher their name, an administrator blocks the account), often on two
-- servers that are not connected. In one row, the later write would carry the other's old
-- values and undo it at sync. Each now has its own row with its own version: `users` keeps the
-- profile (and the picture code a teacher sets), user_credentials the password, user_status
-- whether the account is disabled, by whom and when. Synced records like the others (0001).

CREATE TABLE user_credentials (
  user_id             TEXT PRIMARY KEY REFERENCES users (id),
  password_hash       TEXT,          -- Argon2id (libsodium string); NULL: picture code only
  password_changed_at TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  origin_node         TEXT NOT NULL,
  row_version         BIGINT NOT NULL DEFAULT 1,
  hlc                 BIGINT NOT NULL DEFAULT 0  -- stamped by the synced-record layer (0014)
);

CREATE TABLE user_status (
  user_id     TEXT PRIMARY KEY REFERENCES users (id),
  disabled    INTEGER NOT NULL DEFAULT 0,
  changed_by  TEXT,                  -- users.id of who last disabled or enabled it; NULL: the system
  changed_at  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  hlc         BIGINT NOT NULL DEFAULT 0  -- stamped by the synced-record layer (0014)
);

-- Every existing account gets both rows; until now no change time was kept, so the account's
-- last write stands for it.
INSERT INTO user_credentials (user_id, password_hash, password_changed_at, created_at,
                              updated_at, origin_node, row_version)
  SELECT id, password_hash, CASE WHEN password_hash IS NULL THEN NULL ELSE updated_at END,
         created_at, updated_at, origin_node, 1
  FROM users;
INSERT INTO user_status (user_id, disabled, changed_by, changed_at, created_at, updated_at,
                         origin_node, row_version)
  SELECT id, disabled, NULL, CASE WHEN disabled <> 0 THEN updated_at ELSE NULL END,
         created_at, updated_at, origin_node, 1
  FROM users;

ALTER TABLE users DROP COLUMN password_hash;
ALTER TABLE users DROP COLUMN disabled;
