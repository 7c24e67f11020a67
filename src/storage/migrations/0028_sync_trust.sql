-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Pairing and trust between a hub and its school servers (decision 0037): what each side knows
-- of the other (role, school, public keys, when paired and revoked, the sequence numbers of
-- sealed bundles each way) and the hub's one-time pairing codes, stored hashed.

ALTER TABLE sync_peers ADD COLUMN role TEXT NOT NULL DEFAULT '';          -- 'hub' or 'school'
ALTER TABLE sync_peers ADD COLUMN school_code TEXT NOT NULL DEFAULT '';   -- the school served
ALTER TABLE sync_peers ADD COLUMN hub_url TEXT NOT NULL DEFAULT '';       -- a box: its hub's URL
ALTER TABLE sync_peers ADD COLUMN sign_public_key TEXT NOT NULL DEFAULT '';  -- Ed25519, hex
ALTER TABLE sync_peers ADD COLUMN box_public_key TEXT NOT NULL DEFAULT '';   -- X25519, hex
ALTER TABLE sync_peers ADD COLUMN paired_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_peers ADD COLUMN revoked_at TEXT NOT NULL DEFAULT '';    -- '': trusted
ALTER TABLE sync_peers ADD COLUMN revoked_reason TEXT NOT NULL DEFAULT '';
-- The last bundle sequence sealed for the peer, and the last one accepted from it: a bundle
-- whose sequence is not above the last accepted is a replay.
ALTER TABLE sync_peers ADD COLUMN sent_sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sync_peers ADD COLUMN accepted_sequence BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sync_peers_school ON sync_peers (school_code);

CREATE TABLE sync_pairing_codes (
  code_hash   TEXT PRIMARY KEY,      -- SHA-256 of the code as typed without dashes
  school_code TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT NOT NULL DEFAULT '',
  used_by     TEXT NOT NULL DEFAULT ''  -- the node that paired with it
);

-- Wrong pairing codes are throttled per address like sign-ins: one more kind of counter. The
-- table holds only the last fifteen minutes of failures, so it is simply made again.
DROP TABLE login_attempts;
CREATE TABLE login_attempts (
  id           TEXT PRIMARY KEY,
  key_kind     TEXT NOT NULL CHECK (key_kind IN ('account', 'address', 'address_account',
                                                 'device', 'current_password', 'join_code',
                                                 'pairing_code')),
  attempt_key  TEXT NOT NULL,
  attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key_kind, attempt_key, attempted_at);
CREATE INDEX login_attempts_at ON login_attempts (attempted_at);
