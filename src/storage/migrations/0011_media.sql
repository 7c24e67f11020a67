-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The media library: what is known about each file of the content-addressed store (its type
-- read from its bytes, size, dimensions, who added it), its renditions, and the background
-- jobs that make low-bitrate videos.

-- One row per stored original (synced: the files travel with it). renditions is a JSON array
-- of {"variant": "w320.webp", "hash", "type", "width", "height", "size"}; renditions are
-- files of the same store.
CREATE TABLE media (
  id            TEXT PRIMARY KEY,
  hash          TEXT NOT NULL UNIQUE,       -- SHA-256 of the bytes: the file's name
  media_type    TEXT NOT NULL,              -- from the bytes: image/png, video/mp4, ...
  size_bytes    BIGINT NOT NULL,
  original_name TEXT NOT NULL DEFAULT '',   -- as the first uploader named it (shown, never trusted)
  uploaded_by   TEXT,                       -- users.id
  country_code  TEXT,
  width         INTEGER,
  height        INTEGER,
  duration_ms   BIGINT,
  renditions    TEXT NOT NULL DEFAULT '[]',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  origin_node   TEXT NOT NULL,
  row_version   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX media_created ON media (created_at);

-- Work for this server (not synced): one job per original and kind, run one at a time.
CREATE TABLE media_jobs (
  id          TEXT PRIMARY KEY,
  source_hash TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('low_video')),
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'skipped')),
  progress    INTEGER NOT NULL DEFAULT 0,   -- 0 to 100
  message     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (source_hash, kind)
);
CREATE INDEX media_jobs_state ON media_jobs (state, created_at);
