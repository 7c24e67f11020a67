-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Accounts: the country > region > school > class hierarchy, users, roles granted at a scope,
-- server-side sessions, sign-in throttling and the audit log.
--
-- Synced records (regions, schools, classes, users, role_grants, audit_log) follow 0001: a
-- UUIDv7 id, timestamps, origin_node, row_version and a change_log line written by the store.
-- Sessions and login attempts belong to the server that saw them and are never synced.

CREATE TABLE regions (
  id           TEXT PRIMARY KEY,
  country_code TEXT NOT NULL,
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1,
  UNIQUE (country_code, name)
);

CREATE TABLE schools (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,  -- the code pupils type when they sign in
  region_id    TEXT REFERENCES regions (id),
  country_code TEXT NOT NULL,
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  origin_node  TEXT NOT NULL,
  row_version  BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX schools_country ON schools (country_code, name);

CREATE TABLE classes (
  id          TEXT PRIMARY KEY,
  school_id   TEXT NOT NULL REFERENCES schools (id),
  name        TEXT NOT NULL,
  level_slug  TEXT,                  -- a level of the school's country (/SN/cm2)
  join_code   TEXT UNIQUE,           -- lets pupils ask to join; NULL when closed
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX classes_school ON classes (school_id, name);

CREATE TABLE users (
  id                 TEXT PRIMARY KEY,
  username           TEXT NOT NULL,  -- lower case
  display_name       TEXT NOT NULL,
  password_hash      TEXT,           -- Argon2id (libsodium string); NULL: picture code only
  picture_code_hash  TEXT,           -- Argon2id of "3-7-1" (three pictures out of nine)
  kind               TEXT NOT NULL CHECK (kind IN ('pupil', 'staff')),
  school_id          TEXT REFERENCES schools (id),
  preferred_language TEXT,
  disabled           INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  origin_node        TEXT NOT NULL,
  row_version        BIGINT NOT NULL DEFAULT 1,
  CHECK (kind = 'staff' OR school_id IS NOT NULL)
);
-- Pupils sign in with school code + username; staff usernames are unique on the platform.
CREATE UNIQUE INDEX users_pupil_username ON users (school_id, username) WHERE kind = 'pupil';
CREATE UNIQUE INDEX users_staff_username ON users (username) WHERE kind = 'staff';

-- A role at a scope. scope_id is '' for the platform, a country code, a school id or a class id.
-- A pupil's grant at a class is their enrolment in it.
CREATE TABLE role_grants (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id),
  role        TEXT NOT NULL CHECK (role IN ('platform_admin', 'country_admin', 'editor',
                'reviewer', 'analyst', 'school_head', 'teacher', 'pupil')),
  scope_kind  TEXT NOT NULL CHECK (scope_kind IN ('platform', 'country', 'school', 'class')),
  scope_id    TEXT NOT NULL,
  granted_by  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  origin_node TEXT NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (user_id, role, scope_kind, scope_id)
);
CREATE INDEX role_grants_scope ON role_grants (scope_kind, scope_id, role);

-- The cookie carries a random 256-bit token; only its SHA-256 is stored, so a copy of the
-- database does not let anyone sign in.
CREATE TABLE sessions (
  id             TEXT PRIMARY KEY,  -- SHA-256 hex of the token
  user_id        TEXT NOT NULL REFERENCES users (id),
  created_at     TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  revoked_at     TEXT,
  remote_address TEXT NOT NULL DEFAULT '',
  user_agent     TEXT NOT NULL DEFAULT '',
  csrf_secret    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, in the database so that several app servers share the count.
CREATE TABLE login_attempts (
  id           TEXT PRIMARY KEY,
  key_kind     TEXT NOT NULL CHECK (key_kind IN ('account', 'address')),
  attempt_key  TEXT NOT NULL,
  attempted_at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key_kind, attempt_key, attempted_at);

-- Who did what, when, from where. Append-only; admins of the scope read it.
CREATE TABLE audit_log (
  id             TEXT PRIMARY KEY,
  actor_id       TEXT,              -- NULL: the command line or the system
  action         TEXT NOT NULL,     -- "user.create", "auth.login", ...
  target_kind    TEXT,
  target_id      TEXT,
  scope_kind     TEXT,
  scope_id       TEXT,
  remote_address TEXT NOT NULL DEFAULT '',
  occurred_at    TEXT NOT NULL,
  details        TEXT NOT NULL DEFAULT '{}',  -- JSON object
  origin_node    TEXT NOT NULL,
  row_version    BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX audit_log_scope ON audit_log (scope_kind, scope_id, occurred_at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at);
