-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Sign-in throttling that a classroom survives (docs/decisions/0017-sign-in-throttling.md):
-- failures are now counted per resolved account (its user id), per trusted device of an
-- account, per address and per account from an address, for the current-password check of a
-- password change, and for join codes per address. The table is local and holds at most the
-- last fifteen minutes of failures, keyed by usernames until now: it is simply made again.
DROP TABLE login_attempts;
CREATE TABLE login_attempts (
  id           TEXT PRIMARY KEY,
  key_kind     TEXT NOT NULL CHECK (key_kind IN ('account', 'address', 'address_account',
                                                 'device', 'current_password', 'join_code')),
  attempt_key  TEXT NOT NULL,
  attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key_kind, attempt_key, attempted_at);
CREATE INDEX login_attempts_at ON login_attempts (attempted_at);
