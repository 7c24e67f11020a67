-- Learning records: every answer a pupil gives is appended as an attempt and never changed.
-- Progress and mastery are derived from them. `client_id` is the UUID the pupil's device made
-- for the answer: the same answer sent again (a double press on 2G, an offline phone replaying
-- its queue) finds the first record instead of making a second one.
CREATE TABLE attempts (
  id            TEXT PRIMARY KEY,             -- UUIDv7 made by the server that recorded it
  client_id     TEXT NOT NULL UNIQUE,         -- UUID made by the client
  pupil_id      TEXT NOT NULL REFERENCES users (id),
  school_id     TEXT REFERENCES schools (id), -- the pupil's school when answering
  country_code  TEXT NOT NULL,                -- the pupil's country (reports, dashboards)
  resource_id   TEXT NOT NULL REFERENCES resources (id),
  version_id    TEXT,                         -- resource_versions.id the pupil was shown
  question_id   TEXT NOT NULL,
  question_type TEXT NOT NULL,
  response      TEXT NOT NULL,                -- JSON, the shape of docs/api/openapi.yaml
  correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
  score         DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 1),
  feedback      TEXT NOT NULL DEFAULT '[]',   -- JSON array of the lines shown, kept for replays
  duration_ms   BIGINT,
  answered_at   TEXT NOT NULL,                -- when the pupil answered (device clock if offline)
  recorded_at   TEXT NOT NULL,                -- when this server made it durable
  origin_node   TEXT NOT NULL,
  hlc           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX attempts_by_pupil ON attempts (pupil_id, recorded_at);
CREATE INDEX attempts_by_resource ON attempts (resource_id, question_id);
